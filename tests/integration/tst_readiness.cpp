// Liveness and readiness: /health/live answers while the process runs, with
// or without a database; /health/ready says 503 not_ready (reason database)
// while PostgreSQL is down and 200 again by itself once it is back.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QtTest>

class TestReadiness : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void readinessFollowsTheDatabase()
    {
        ServerProcess server;
        server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), QByteArray()); // all three are public

        const auto live = http.get(QStringLiteral("/health/live"));
        QVERIFY2(live.status == 200, qPrintable(live.describe()));
        QCOMPARE(live.object().value(QStringLiteral("status")).toString(), QStringLiteral("ok"));
        const auto ready = http.get(QStringLiteral("/health/ready"));
        QVERIFY2(ready.status == 200, qPrintable(ready.describe()));
        QCOMPARE(ready.object().value(QStringLiteral("status")).toString(),
                 QStringLiteral("ready"));

        QVERIFY2(TestDatabase::instance().stopServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        const auto down = http.get(QStringLiteral("/health/ready"));
        QVERIFY2(down.status == 503, qPrintable(down.describe()));
        QCOMPARE(down.object().value(QStringLiteral("code")).toString(),
                 QStringLiteral("not_ready"));
        QCOMPARE(down.object().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("database"));
        QVERIFY(!down.object().value(QStringLiteral("error")).toString().isEmpty());
        // Alive all the same: a restart would not bring the database back.
        QCOMPARE(http.get(QStringLiteral("/health/live")).status, 200);
        // The old route keeps its own answer.
        QCOMPARE(http.get(QStringLiteral("/health")).object().value(QStringLiteral("code")),
                 QJsonValue(QStringLiteral("database_unavailable")));

        QVERIFY2(TestDatabase::instance().startServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/health/ready")).status, 200, 30000);
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestReadiness)
#include "tst_readiness.moc"
