// Group booking under a stalled database keeps the executor's promise: a
// booking that waits in the batcher longer than --queue-timeout is answered
// 503 server_busy with Retry-After (a stalled database gives 503s, not late
// answers), it never holds seats afterwards, and the batch that was stuck
// still gets its one answer when the database moves again.
#include "loadgenerator.h"
#include "rawexchange.h"
#include "rawhttpresponse.h"
#include "serverprocess.h"
#include "showlock.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QtTest>

class TestGroupBookingStall : public QObject
{
    Q_OBJECT

private:
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_url = TestDatabase::instance().createDatabase();
    }

    void bookingsWaitingBehindAStuckBatchAre503AtTheQueueTimeout()
    {
        ServerProcess server;
        server.setDatabaseUrl(m_url);
        server.setArguments({QStringLiteral("--queue-timeout"), QStringLiteral("1"),
                             QStringLiteral("--group-booking"), QStringLiteral("on")});
        QVERIFY2(server.start(), qPrintable(server.errorString() + server.output()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 show = http.createShow(QStringLiteral("Stalled"), 100);
        QVERIFY(show > 0);

        // The test's row lock stands in for a database that stopped moving:
        // the first batch waits on it, and everything after it waits in the batcher.
        ShowLock lock(m_url, show);
        QVERIFY2(lock.isLocked(), qPrintable(lock.errorString()));

        const QByteArray booking =
            LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(show),
                                      R"({"user_name":"Stalled","seats":1})");
        QTcpSocket first;
        QByteArray firstReceived;
        connect(&first, &QTcpSocket::readyRead, this, [&] { firstReceived += first.readAll(); });
        first.connectToHost(server.baseUrl().host(), server.port());
        QVERIFY2(first.waitForConnected(10000), qPrintable(first.errorString()));
        first.write(booking);
        // Its batch has left once the database shows it waiting on the lock.
        QTRY_VERIFY_WITH_TIMEOUT(lock.waiting() >= 1, 10000);

        QList<QByteArray> waiting;
        for (int i = 0; i < 5; ++i)
            waiting << LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(show),
                                                 R"({"user_name":"Waiting","seats":1})",
                                                 {{"Connection", "close"}});
        // Answered while the lock is still held: run() returns only once each
        // connection has its answer and was closed.
        const QList<RawExchange::Outcome> outcomes = RawExchange::run(waiting, server.port(), 5, 20000);
        for (const RawExchange::Outcome &outcome : outcomes) {
            QVERIFY2(!outcome.timedOut && outcome.answers.size() == 1,
                     qPrintable(QString::fromUtf8(outcome.received)));
            const RawHttpResponse &answer = outcome.answers.first();
            const QJsonObject body = QJsonDocument::fromJson(answer.body).object();
            QVERIFY2(answer.status == 503 && body.value("code").toString() == "server_busy" &&
                         body.value("error").toString().contains(QStringLiteral("waited too long")),
                     qPrintable(QString::fromUtf8(outcome.received)));
            QCOMPARE(answer.header("Retry-After"), QByteArray("1"));
        }
        QVERIFY2(firstReceived.isEmpty(), firstReceived.constData());

        lock.release();
        const auto firstAnswered = [&firstReceived] {
            QByteArray copy = firstReceived;
            return !RawHttpResponse::takeAll(&copy).isEmpty();
        };
        QTRY_VERIFY_WITH_TIMEOUT(firstAnswered(), 20000);
        QByteArray rest = firstReceived;
        const QList<RawHttpResponse> firstAnswers = RawHttpResponse::takeAll(&rest);
        QCOMPARE(firstAnswers.size(), 1);
        QVERIFY2(firstAnswers.first().status == 201, firstReceived.constData());
        QCOMPARE(TestDatabase::integer(
                     m_url, QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1").arg(show)),
                 qint64(1));
        QCOMPARE(TestDatabase::integer(
                     m_url, QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(show)),
                 qint64(1));
        const QStringList problems = invariantViolations(TestDatabase::open(m_url));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        const auto health = http.get(QStringLiteral("/health"));
        QVERIFY2(health.status == 200, qPrintable(health.describe()));
    }
};

QTEST_GUILESS_MAIN(TestGroupBookingStall)
#include "tst_groupbookingstall.moc"
