// boxoffice-pushbench as scripts/benchmark-push.sh runs it, small: two servers
// on one database, bookings through one, subscribers on the other, and the
// idle run reading a server's memory. Proves the tool measures what it claims
// (every booking heard by every subscriber, the report's fields); it times nothing.
#include "serverprocess.h"
#include "testdatabase.h"
#include "toolrun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTest>

class TestPushBenchSmoke : public QObject
{
    Q_OBJECT

    ServerProcess m_a;
    ServerProcess m_b;

    using Run = ToolRun;

    static Run runTool(const QStringList &arguments)
    {
        return ToolRun::of(QStringLiteral(BOXOFFICE_PUSHBENCH_BINARY), arguments, 60000);
    }

    static QString failure(const Run &run)
    {
        return QStringLiteral("exit %1: %2 %3")
            .arg(run.exitCode)
            .arg(run.stderrText, QString::fromUtf8(QJsonDocument(run.report).toJson()));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY(!databaseUrl.isEmpty());
        m_a.setDatabaseUrl(databaseUrl);
        m_b.setDatabaseUrl(databaseUrl);
        QVERIFY2(m_a.launch() && m_b.launch(), qPrintable(m_a.errorString() + m_b.errorString()));
        QVERIFY2(m_a.waitUntilListening(), qPrintable(m_a.errorString()));
        QVERIFY2(m_b.waitUntilListening(), qPrintable(m_b.errorString()));
    }

    void everySubscriberOfBHearsEveryBookingOnA_data()
    {
        QTest::addColumn<QString>("transport");
        QTest::newRow("sse") << QStringLiteral("sse");
        QTest::newRow("websocket") << QStringLiteral("websocket");
    }

    void everySubscriberOfBHearsEveryBookingOnA()
    {
        QFETCH(QString, transport);
        const Run run = runTool(
            {QStringLiteral("--transport"), transport, QStringLiteral("--book-url"),
             m_a.baseUrl().toString(), QStringLiteral("--subscribe-url"), m_b.baseUrl().toString(),
             QStringLiteral("--token"), QString::fromLatin1(m_a.adminToken()),
             QStringLiteral("--subscribers"), QStringLiteral("5"), QStringLiteral("--rate"),
             QStringLiteral("40"), QStringLiteral("--connections"), QStringLiteral("2"),
             QStringLiteral("--duration"), QStringLiteral("1"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(failure(run)));
        const QJsonObject bookings = run.report.value(QLatin1String("bookings")).toObject();
        QCOMPARE(bookings.value(QLatin1String("acknowledged")).toInteger(), 40);
        QCOMPARE(bookings.value(QLatin1String("sent")).toInteger(), 40);
        const QJsonObject staleness = run.report.value(QLatin1String("staleness_ms")).toObject();
        // One sample per booking and subscriber, none missing: the last counts arrived.
        QCOMPARE(staleness.value(QLatin1String("samples")).toInteger(), 5 * 40);
        QCOMPARE(staleness.value(QLatin1String("missing")).toInteger(), 0);
        QCOMPARE(run.report.value(QLatin1String("subscribers_open_at_end")).toInteger(), 5);
        QVERIFY2(run.report.value(QLatin1String("events_per_subscriber_per_s"))
                         .toObject()
                         .value(QLatin1String("min"))
                         .toDouble() > 0,
                 qPrintable(failure(run)));
    }

    void idleRunReadsTheMemoryOfTheServerItHolds()
    {
        const Run run = runTool(
            {QStringLiteral("--mode"), QStringLiteral("idle"), QStringLiteral("--transport"),
             QStringLiteral("websocket"), QStringLiteral("--subscribe-url"),
             m_b.baseUrl().toString(), QStringLiteral("--server-pid"), QString::number(m_b.pid()),
             QStringLiteral("--subscribers"), QStringLiteral("50"), QStringLiteral("--settle"),
             QStringLiteral("0"), QStringLiteral("--json")});
        QVERIFY2(run.exitCode == 0, qPrintable(failure(run)));
        QCOMPARE(run.report.value(QLatin1String("open_at_measurement")).toInteger(), 50);
        QVERIFY2(run.report.value(QLatin1String("rss_after_kib")).toInteger() > 0,
                 qPrintable(failure(run)));
    }
};

QTEST_GUILESS_MAIN(TestPushBenchSmoke)
#include "tst_pushbenchsmoke.moc"
