// A lost database gives clean 503s, never a crash or a hang, and the server
// recovers by itself when PostgreSQL is back - including hold expiry, whose
// LISTEN connection dies silently with the database.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSqlQuery>
#include <QtTest>

class TestDatabaseOutage : public QObject
{
    Q_OBJECT

private:
    static QString codeOf(const TestHttpClient::Reply &reply)
    {
        return reply.object().value(QStringLiteral("code")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void outageGives503AndServerRecoversByItself()
    {
        ServerProcess server;
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        server.setDatabaseUrl(databaseUrl);
        server.setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("2")});
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Outage"), 10);
        QVERIFY(showId > 0);
        const QString bookPath = QStringLiteral("/shows/%1/book").arg(showId);
        const QJsonObject booking{{QStringLiteral("user_name"), QStringLiteral("Outage")},
                                  {QStringLiteral("seats"), 1}};

        QVERIFY2(TestDatabase::instance().stopServer(),
                 qPrintable(TestDatabase::instance().errorString()));

        const auto health = http.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 503, qPrintable(health.describe()));
        QCOMPARE(codeOf(health), QStringLiteral("database_unavailable"));
        const auto shows = http.get(QStringLiteral("/shows"));
        QVERIFY2(shows.status == 503, qPrintable(shows.describe()));
        QCOMPARE(codeOf(shows), QStringLiteral("database_unavailable"));
        const auto book = http.post(bookPath, booking);
        QVERIFY2(book.status == 503, qPrintable(book.describe()));
        QVERIFY(!book.object().value(QStringLiteral("error")).toString().isEmpty());
        // Bad input is still judged without the database.
        QCOMPARE(http.get(QStringLiteral("/shows/abc")).status, 400);
        QVERIFY2(server.isRunning(), qPrintable(server.output()));

        QVERIFY2(TestDatabase::instance().startServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/health")).status, 200, 30000);
        QCOMPARE(http.get(QStringLiteral("/shows")).status, 200);
        const auto held = http.post(bookPath, booking);
        QVERIFY2(held.status == 201, qPrintable(held.describe()));

        // The expiry scheduler reconnected and listens again: the new hold lapses on time.
        const qint64 id = held.object().value(QStringLiteral("id")).toInteger();
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/bookings/%1").arg(id))
                                      .object()
                                      .value(QStringLiteral("status"))
                                      .toString(),
                                  QStringLiteral("EXPIRED"), 10000);
        QCOMPARE(http.get(QStringLiteral("/shows/%1").arg(showId))
                     .object()
                     .value(QStringLiteral("reserved_seats"))
                     .toInt(),
                 0);
        // On time, too: a scheduler that reconnected without LISTEN again would
        // only find it at its 15 s backstop sweep.
        QSqlQuery query(TestDatabase::open(databaseUrl));
        QVERIFY(query.exec(
            QStringLiteral(
                "SELECT extract(epoch FROM updated_at - expires_at) FROM bookings WHERE id = %1")
                .arg(id)));
        QVERIFY(query.next());
        QVERIFY2(
            query.value(0).toDouble() < 1.0,
            qPrintable(
                QStringLiteral("expired %1 s after its deadline").arg(query.value(0).toDouble())));
    }
};

QTEST_GUILESS_MAIN(TestDatabaseOutage)
#include "tst_databaseoutage.moc"
