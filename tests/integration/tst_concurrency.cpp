// No overbooking under real concurrency: hundreds of HTTP bookings on many
// connections against one show, through one and through two server processes.
#include "loadgenerator.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlQuery>
#include <QtTest>

class TestConcurrency : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;

    QByteArray bookRequest(qint64 showId, int index)
    {
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("user_name"),
                                                           QStringLiteral("load-%1").arg(index)},
                                                          {QStringLiteral("seats"), 1}})
                                    .toJson(QJsonDocument::Compact);
        return LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(showId),
                                         body);
    }

    void expectExactlySoldOut(qint64 showId, int capacity, const LoadGenerator::Outcome &outcome,
                              int requests)
    {
        QCOMPARE(outcome.transportErrors, 0);
        QCOMPARE(outcome.answered(), requests);
        QCOMPARE(outcome.statusCounts.value(201), capacity);
        QCOMPARE(outcome.statusCounts.value(409), requests - capacity);

        QSqlDatabase db = TestDatabase::open(m_databaseUrl);
        QSqlQuery query(db);
        QVERIFY(
            query.exec(QStringLiteral("SELECT reserved_seats, total_seats FROM shows WHERE id = %1")
                           .arg(showId)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), capacity);
        QVERIFY(query.exec(QStringLiteral("SELECT count(*), coalesce(sum(seats), 0) FROM bookings"
                                          " WHERE show_id = %1 AND status = 'PENDING'")
                               .arg(showId)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), capacity);
        QCOMPARE(query.value(1).toInt(), capacity);
        const QStringList violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        QVERIFY(!m_databaseUrl.isEmpty());
    }

    void exactlyCapacityHeldWithManyConnections()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Concurrency"), 100);
        QVERIFY(showId > 0);

        const int requests = 600;
        const auto outcome = LoadGenerator::run(server.baseUrl(), 64, requests,
                                                [&](int i) { return bookRequest(showId, i); });
        expectExactlySoldOut(showId, 100, outcome, requests);
        QVERIFY(server.isRunning());
    }

    void exactlyCapacityHeldAcrossTwoServers()
    {
        ServerProcess first;
        first.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        ServerProcess second;
        second.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        TestHttpClient http(first.baseUrl(), first.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Two servers"), 100);
        QVERIFY(showId > 0);

        // Both loads connect first and then start at the same moment, so neither
        // server can sell out the show before the other has sent anything.
        const QList<LoadGenerator::Outcome> outcomes = LoadGenerator::runTogether(
            {{first.baseUrl(), 32, 300, [&](int i) { return bookRequest(showId, i); }},
             {second.baseUrl(), 32, 300, [&](int i) { return bookRequest(showId, 1000 + i); }}});
        QCOMPARE(outcomes.size(), 2);
        const LoadGenerator::Outcome &fromFirst = outcomes.at(0);
        const LoadGenerator::Outcome &fromSecond = outcomes.at(1);
        QCOMPARE(fromSecond.answered() + fromSecond.transportErrors, 300);

        LoadGenerator::Outcome combined;
        combined.transportErrors = fromFirst.transportErrors + fromSecond.transportErrors;
        for (int status : {201, 409})
            combined.statusCounts[status] =
                fromFirst.statusCounts.value(status) + fromSecond.statusCounts.value(status);
        QVERIFY2(fromFirst.statusCounts.value(201) > 0 && fromSecond.statusCounts.value(201) > 0,
                 "both servers should have sold some seats");
        expectExactlySoldOut(showId, 100, combined, 600);
    }
};

QTEST_GUILESS_MAIN(TestConcurrency)
#include "tst_concurrency.moc"
