// boxoffice_db_errors_total counts database failures by SQLSTATE class: a
// backend an operator terminated (57, admin shutdown) and a database that is
// down altogether (08, connection exception), read from the --metrics-listen
// port while the API answers 503 or recovers.
#include "metricstext.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSqlQuery>
#include <QtTest>

class TestMetricsDatabase : public QObject
{
    Q_OBJECT

private:
    static double errors(TestHttpClient &scraper, const char *sqlClass)
    {
        const auto reply = scraper.get(QStringLiteral("/metrics"));
        if (reply.status != 200)
            qWarning() << "GET /metrics:" << reply.describe();
        return MetricsText::parse(reply.body)
            .value(QStringLiteral("boxoffice_db_errors_total"),
                   {{QStringLiteral("sqlstate_class"), QString::fromLatin1(sqlClass)}});
    }

    static bool startServer(ServerProcess &server, const QString &databaseUrl)
    {
        server.setDatabaseUrl(databaseUrl);
        // One worker, so the request after the kill surely meets the killed connection.
        server.setArguments({QStringLiteral("--workers"), QStringLiteral("1"),
                             QStringLiteral("--metrics-listen"), QStringLiteral("127.0.0.1:0")});
        return server.start();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void terminatedBackendCountsAsClass57()
    {
        ServerProcess server;
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY2(startServer(server, databaseUrl), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        TestHttpClient scraper(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.metricsPort())));
        QCOMPARE(http.get(QStringLiteral("/shows")).status, 200);
        const double before = errors(scraper, "57");

        QSqlQuery query(TestDatabase::open(databaseUrl));
        QVERIFY(query.exec(
            QStringLiteral("SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
                           " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                           " AND application_name = 'boxoffice-server'")));
        QVERIFY(query.next());
        QVERIFY2(query.value(0).toInt() >= 1, "no server connection to terminate");

        // A read is retried on a fresh connection: the client never notices.
        const auto shows = http.get(QStringLiteral("/shows"));
        QVERIFY2(shows.status == 200, qPrintable(shows.describe()));
        QTRY_VERIFY_WITH_TIMEOUT(errors(scraper, "57") > before, 5000);
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }

    void unreachableDatabaseCountsAsClass08()
    {
        ServerProcess server;
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY2(startServer(server, databaseUrl), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        TestHttpClient scraper(
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.metricsPort())));
        const double before = errors(scraper, "08");

        QVERIFY2(TestDatabase::instance().stopServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        const auto shows = http.get(QStringLiteral("/shows"));
        QVERIFY2(shows.status == 503, qPrintable(shows.describe()));
        // Metrics need no database: they still answer, and say why.
        QVERIFY(errors(scraper, "08") > before);

        QVERIFY2(TestDatabase::instance().startServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/health")).status, 200, 30000);
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestMetricsDatabase)
#include "tst_metricsdatabase.moc"
