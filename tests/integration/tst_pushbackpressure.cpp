// A live-push subscriber that never reads (issue 16): while thousands of
// booking events go out, it gets a bounded queue, then one resync, and is
// dropped when it still does not read; the subscriber beside it receives
// every event without a stall, and the server stays under its memory target.
#include "metricstext.h"
#include "pushclients.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace {
constexpr int kRounds = 3;
constexpr int kBookingsPerRound = 20000;

// A subscriber as a plain socket with a tiny receive window, so that the
// kernel takes little of what the server sends it: the rest is the server's.
int connectNonReader(quint16 port, const QByteArray &request)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    const int window = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &window, sizeof window);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0 ||
        ::write(fd, request.constData(), size_t(request.size())) != request.size()) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Everything the socket holds and is still sent, until nothing comes for a second.
QByteArray drain(int fd)
{
    QByteArray all;
    char buffer[65536];
    timeval timeout{1, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    for (;;) {
        const ssize_t got = ::read(fd, buffer, sizeof buffer);
        if (got <= 0)
            return all;
        all.append(buffer, got);
    }
}
} // namespace

class TestPushBackPressure : public QObject
{
    Q_OBJECT

    MetricsText metrics(ServerProcess &server)
    {
        return MetricsText::parse(
            TestHttpClient(server.baseUrl(), server.adminToken()).get(QStringLiteral("/metrics"), true)
                .body);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void subscriberThatNeverReadsIsBoundedAndDropped()
    {
        const QString url = TestDatabase::instance().createDatabase();
        ServerProcess server;
        server.setDatabaseUrl(url);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Flood"), 100000);
        QVERIFY(showId > 0);

        const QByteArray request = "GET /events?bookings=all HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                   "Authorization: Bearer " +
                                   server.adminToken() + "\r\n\r\n";
        const int nonReader = connectNonReader(server.port(), request);
        QVERIFY(nonReader >= 0);
        EventStreamClient reader(server.baseUrl(), QStringLiteral("bookings=all"),
                                 {{"Authorization", "Bearer " + server.adminToken()}});
        QTRY_COMPARE_WITH_TIMEOUT(reader.ofType("hello").size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            metrics(server).value(QStringLiteral("boxoffice_push_subscribers"),
                                  {{QStringLiteral("transport"), QStringLiteral("sse")}}),
            2.0, 10000);
        const qint64 residentBefore = server.residentKiB();

        // Holds made and cancelled in bulk: 1 200 announcements of 50 bookings each.
        QSqlDatabase db = TestDatabase::open(url);
        for (int round = 0; round < kRounds; ++round) {
            QSqlQuery query(db);
            QVERIFY(db.transaction());
            QVERIFY2(query.exec(QStringLiteral(
                         "INSERT INTO bookings (show_id, user_name, seats, reference, expires_at)"
                         " SELECT %1, 'flood', 1, 'F%2-' || g, now() + interval '1 hour'"
                         " FROM generate_series(1, %3) g")
                                    .arg(showId)
                                    .arg(round)
                                    .arg(kBookingsPerRound)),
                     qPrintable(query.lastError().text()));
            QVERIFY(query.exec(QStringLiteral("UPDATE shows SET reserved_seats = %1 WHERE id = %2")
                                   .arg(kBookingsPerRound)
                                   .arg(showId)));
            QVERIFY(db.commit());
            QVERIFY(db.transaction());
            QVERIFY(query.exec(QStringLiteral(
                "UPDATE bookings SET status = 'CANCELLED', cancelled_at = now()"
                " WHERE show_id = %1 AND status = 'PENDING'")
                                   .arg(showId)));
            QVERIFY(query.exec(
                QStringLiteral("UPDATE shows SET reserved_seats = 0 WHERE id = %1").arg(showId)));
            QVERIFY(db.commit());
        }

        // The subscriber that reads gets every change, and the last counts.
        const auto cancelled = [&reader] {
            qsizetype count = 0;
            for (const auto &event : reader.ofType("bookings"))
                count += event.data.value(QStringLiteral("bookings")).toArray().size();
            return count;
        };
        QTRY_COMPARE_WITH_TIMEOUT(cancelled(), qsizetype(kRounds * kBookingsPerRound), 60000);
        QVERIFY(reader.ofType("resync").isEmpty());

        // The other got one resync and nothing more, and is dropped in time.
        const MetricsText flooded = metrics(server);
        QVERIFY(flooded.value(QStringLiteral("boxoffice_push_dropped_total"),
                              {{QStringLiteral("what"), QStringLiteral("message")}}) > 0);
        QCOMPARE(flooded.value(QStringLiteral("boxoffice_push_resyncs_total"),
                               {{QStringLiteral("reason"), QStringLiteral("overflow")}}),
                 1.0);
        QTRY_COMPARE_WITH_TIMEOUT(
            metrics(server).value(QStringLiteral("boxoffice_push_dropped_total"),
                                  {{QStringLiteral("what"), QStringLiteral("subscriber")}}),
            1.0, 30000);
        QCOMPARE(metrics(server).value(QStringLiteral("boxoffice_push_subscribers"),
                                       {{QStringLiteral("transport"), QStringLiteral("sse")}}),
                 1.0);
        // Bounded: the server holds far less than the flood for it, and stays
        // under the 64 MB target.
        const qint64 residentAfter = server.residentKiB();
        QVERIFY2(residentAfter < 64 * 1024,
                 qPrintable(QStringLiteral("%1 KiB before, %2 KiB after")
                                .arg(residentBefore)
                                .arg(residentAfter)));

        const QByteArray received = drain(nonReader);
        ::close(nonReader);
        const qsizetype resync = received.indexOf("event: resync");
        QVERIFY2(resync > 0, qPrintable(QString::number(received.size())));
        QCOMPARE(received.count("event: resync"), 1);
        QVERIFY(received.indexOf("\"reason\":\"overflow\"", resync) > resync);
        QVERIFY2(received.indexOf("event: bookings", resync) < 0,
                 "events after the resync reached the subscriber that did not read");
        // It missed what was dropped (the kernel's buffers took much of the rest).
        QVERIFY(received.count("\"CANCELLED\"") < kRounds * kBookingsPerRound);

        // The server still serves: a new subscriber hears of a new change.
        EventStreamClient late(server.baseUrl());
        QTRY_COMPARE_WITH_TIMEOUT(late.ofType("hello").size(), 1, 10000);
        QVERIFY(http.post(QStringLiteral("/shows/%1/book").arg(showId),
                          {{QStringLiteral("user_name"), QStringLiteral("After")},
                           {QStringLiteral("seats"), 1}},
                          true)
                    .status == 201);
        QTRY_VERIFY_WITH_TIMEOUT(!late.ofType("show").isEmpty(), 10000);
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
    }
};

QTEST_GUILESS_MAIN(TestPushBackPressure)
#include "tst_pushbackpressure.moc"
