// boxoffice-loadtest as a user runs it: against a real server and database, its JSON
// report and exit code, and its own database check.
#include "serverprocess.h"
#include "testdatabase.h"
#include "toolrun.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTcpServer>
#include <QTest>

class TestLoadTestSmoke : public QObject
{
    Q_OBJECT

    QString m_databaseUrl;
    ServerProcess m_server;

    using Run = ToolRun;

    static Run runTool(const QStringList &arguments)
    {
        return ToolRun::of(QStringLiteral(BOXOFFICE_LOADTEST_BINARY), arguments, 120000);
    }

    QStringList common(const QString &scenario) const
    {
        return {QStringLiteral("--url"), m_server.baseUrl().toString(),
                QStringLiteral("--scenario"), scenario,
                QStringLiteral("--admin-token"), QString::fromUtf8(m_server.adminToken()),
                QStringLiteral("--db-url"), m_databaseUrl, QStringLiteral("--json"),
                QStringLiteral("--no-progress")};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(), qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY(!m_databaseUrl.isEmpty());
        m_server.setDatabaseUrl(m_databaseUrl);
        // Anonymous bookings get an access token, which mixed must send back; one address
        // booking hundreds of times a second is what the rate limiter exists to stop.
        m_server.setArguments({QStringLiteral("--public-booking"), QStringLiteral("token"),
                                QStringLiteral("--rate-limits"), QStringLiteral("off")});
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    }

    void hotRunBooksEveryRequestAndPassesTheDatabaseCheck()
    {
        const Run run = runTool(common(QStringLiteral("hot"))
                                << QStringLiteral("--connections") << QStringLiteral("16")
                                << QStringLiteral("--requests") << QStringLiteral("500"));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
        QCOMPARE(run.report.value(QLatin1String("requests")).toInteger(), 500);
        QCOMPARE(run.report.value(QLatin1String("status")).toObject().value(QLatin1String("201")).toInteger(), 500);
        QCOMPARE(run.report.value(QLatin1String("unexpected")).toInteger(), 0);
        const QJsonObject db = run.report.value(QLatin1String("db")).toObject();
        QVERIFY(db.value(QLatin1String("checked")).toBool());
        QCOMPARE(db.value(QLatin1String("shows")).toInteger(), 1);
        QCOMPARE(db.value(QLatin1String("violations")).toInteger(), 0);
        QCOMPARE(db.value(QLatin1String("lost")).toInteger(), 0);
        QCOMPARE(db.value(QLatin1String("duplicated")).toInteger(), 0);
        QVERIFY(run.report.value(QLatin1String("latency_ms")).toObject().value(QLatin1String("max")).toDouble() > 0);
    }

    void soldoutRunSellsExactlyTheCapacity()
    {
        const Run run = runTool(common(QStringLiteral("soldout"))
                                << QStringLiteral("--connections") << QStringLiteral("32")
                                << QStringLiteral("--requests") << QStringLiteral("400")
                                << QStringLiteral("--seats-per-show") << QStringLiteral("50"));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
        const QJsonObject status = run.report.value(QLatin1String("status")).toObject();
        QCOMPARE(status.value(QLatin1String("201")).toInteger(), 50);
        QCOMPARE(status.value(QLatin1String("409")).toInteger(), 350);
        QCOMPARE(run.report.value(QLatin1String("errors")).toObject().value(QLatin1String("not_enough_seats")).toInteger(), 350);
        QCOMPARE(run.report.value(QLatin1String("unexpected")).toInteger(), 0);
        QCOMPARE(run.report.value(QLatin1String("db")).toObject().value(QLatin1String("violations")).toInteger(), 0);
    }

    void mixedRunConfirmsAndCancelsWithTheAccessToken()
    {
        const Run run = runTool(common(QStringLiteral("mixed"))
                                << QStringLiteral("--connections") << QStringLiteral("8")
                                << QStringLiteral("--requests") << QStringLiteral("400")
                                << QStringLiteral("--mix")
                                << QStringLiteral("book=40,confirm=30,cancel=20,abandon=10,list=10"));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
        const QJsonObject status = run.report.value(QLatin1String("status")).toObject();
        // Confirms and cancels answer 200 only when the booking's token was sent back.
        QVERIFY2(status.value(QLatin1String("200")).toInteger() > 100, qPrintable(QJsonDocument(status).toJson()));
        QCOMPARE(run.report.value(QLatin1String("unexpected")).toInteger(), 0);
        QCOMPARE(run.report.value(QLatin1String("db")).toObject().value(QLatin1String("violations")).toInteger(), 0);
    }

    void spreadRunBooksAcrossItsShows()
    {
        const Run run = runTool(common(QStringLiteral("spread"))
                                << QStringLiteral("--connections") << QStringLiteral("16")
                                << QStringLiteral("--requests") << QStringLiteral("600")
                                << QStringLiteral("--shows") << QStringLiteral("7"));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
        QCOMPARE(run.report.value(QLatin1String("status")).toObject().value(QLatin1String("201")).toInteger(), 600);
        const QJsonObject db = run.report.value(QLatin1String("db")).toObject();
        // The check covers every show the run created, not only the first.
        QCOMPARE(db.value(QLatin1String("shows")).toInteger(), 7);
        QCOMPARE(db.value(QLatin1String("violations")).toInteger(), 0);
        QCOMPARE(db.value(QLatin1String("lost")).toInteger(), 0);
    }

    void flashsaleRunRampsUpAndSellsOut()
    {
        const Run run = runTool(common(QStringLiteral("flashsale"))
                                << QStringLiteral("--connections") << QStringLiteral("40")
                                << QStringLiteral("--ramp") << QStringLiteral("1")
                                << QStringLiteral("--duration") << QStringLiteral("3")
                                << QStringLiteral("--seats-per-show") << QStringLiteral("300"));
        QVERIFY2(run.exitCode == 0, qPrintable(QStringLiteral("exit %1: %2").arg(run.exitCode).arg(run.stderrText)));
        const QJsonObject status = run.report.value(QLatin1String("status")).toObject();
        // Capacity far below three seconds of demand: exactly the seats are sold, the
        // rest are refused as sold out, nothing else.
        QCOMPARE(status.value(QLatin1String("201")).toInteger(), 300);
        QVERIFY2(status.value(QLatin1String("409")).toInteger() > 0, qPrintable(QJsonDocument(status).toJson()));
        QCOMPARE(run.report.value(QLatin1String("unexpected")).toInteger(), 0);
        QCOMPARE(run.report.value(QLatin1String("transport_errors")).toInteger(), 0);
        QCOMPARE(run.report.value(QLatin1String("db")).toObject().value(QLatin1String("violations")).toInteger(), 0);
    }

    void openLoopRunKeepsItsRate()
    {
        const Run run = runTool(common(QStringLiteral("hot"))
                                << QStringLiteral("--connections") << QStringLiteral("8")
                                << QStringLiteral("--rate") << QStringLiteral("200")
                                << QStringLiteral("--duration") << QStringLiteral("2"));
        QVERIFY2(run.exitCode == 0, qPrintable(run.stderrText));
        // 200/s for 2 s: about 400 requests; the schedule, not the server, sets the count.
        const qint64 requests = run.report.value(QLatin1String("requests")).toInteger();
        QVERIFY2(requests >= 360 && requests <= 440, qPrintable(QString::number(requests)));
    }

    void unreachableServerExitsWithThree()
    {
        QTcpServer probe; // a port nobody listens on once the probe closes
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        const Run run = runTool({QStringLiteral("--url"), QStringLiteral("http://127.0.0.1:%1").arg(port),
                                 QStringLiteral("--show-id"), QStringLiteral("1"),
                                 QStringLiteral("--requests"), QStringLiteral("10"), QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 3);
    }

    void badOptionExitsWithTwo()
    {
        QCOMPARE(runTool({QStringLiteral("--url"), m_server.baseUrl().toString(),
                          QStringLiteral("--connections"), QStringLiteral("5000")}).exitCode, 2);
        QCOMPARE(runTool({QStringLiteral("--no-such-option")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestLoadTestSmoke)
#include "tst_loadtestsmoke.moc"
