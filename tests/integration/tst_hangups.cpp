// A server no client can kill: hundreds of clients send a booking and hang up
// without reading the answer while others keep booking on keep-alive
// connections. (Qt 6.4's stock QHttpServer dies with SIGSEGV under this.)
#include "loadgenerator.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QJsonDocument>
#include <QSqlQuery>
#include <QtTest>

class TestHangUps : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void serverSurvivesClientsHangingUpMidRequest()
    {
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        ServerProcess server;
        server.setDatabaseUrl(databaseUrl);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Hang-ups"), 100000);
        QVERIFY(showId > 0);

        const auto request = [showId](const QString &user) {
            const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("user_name"), user},
                                                              {QStringLiteral("seats"), 1}})
                                        .toJson(QJsonDocument::Compact);
            return LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(showId),
                                             body);
        };

        // Five waves of 100 hang-ups land while the steady load is running.
        int waves = 0;
        QTimer hangUps;
        hangUps.setInterval(50);
        connect(&hangUps, &QTimer::timeout, this, [&] {
            if (waves == 5) {
                hangUps.stop();
                return;
            }
            ++waves;
            LoadGenerator::hangUp(server.baseUrl(), 100, request(QStringLiteral("hang-up")));
        });
        hangUps.start();
        const int requests = 3000;
        const auto outcome = LoadGenerator::run(
            server.baseUrl(), 32, requests, [&](int) { return request(QStringLiteral("steady")); });
        QTRY_COMPARE_WITH_TIMEOUT(waves, 5, 60000);

        QVERIFY2(server.isRunning(), qPrintable(server.output()));
        QCOMPARE(outcome.transportErrors, 0);
        QCOMPARE(outcome.statusCounts.value(201), requests);
        const auto health = http.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.describe()));

        // Every steady booking is in the database, and whatever the hang-up
        // clients managed to book is counted consistently.
        QSqlDatabase db = TestDatabase::open(databaseUrl);
        QSqlQuery query(db);
        QVERIFY(query.exec(
            QStringLiteral("SELECT count(*) FILTER (WHERE user_name = 'steady'),"
                           " count(*) FILTER (WHERE user_name = 'hang-up') FROM bookings")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), requests);
        qInfo("%d of 500 hung-up requests still booked a seat", query.value(1).toInt());
        const QStringList violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
        QVERIFY2(server.stop(), "the server should still shut down cleanly");
    }
};

QTEST_GUILESS_MAIN(TestHangUps)
#include "tst_hangups.moc"
