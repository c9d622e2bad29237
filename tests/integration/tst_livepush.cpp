// Live push (issue 16) across two server instances on one database: a change
// made through A reaches a WebSocket and an SSE subscriber of B, with the
// database's counts; who sees which booking; coalescing of a burst; resuming
// with Last-Event-ID or since; and a LISTEN connection killed in the database.
#include "metricstext.h"
#include "pushclients.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QSqlQuery>
#include <QtTest>

class TestLivePush : public QObject
{
    Q_OBJECT

    QString m_databaseUrl;
    ServerProcess m_a;
    ServerProcess m_b;

    static QJsonObject showOf(const QJsonObject &message)
    {
        return message.value(QStringLiteral("show")).toObject();
    }
    // The newest "show" message for this show, by version.
    static QJsonObject newestShow(const QList<QJsonObject> &messages, qint64 showId)
    {
        QJsonObject newest;
        for (const QJsonObject &message : messages) {
            const QJsonObject show = showOf(message);
            if (show.value(QStringLiteral("id")).toInteger() == showId &&
                show.value(QStringLiteral("version")).toInteger() >=
                    newest.value(QStringLiteral("version")).toInteger())
                newest = show;
        }
        return newest;
    }
    static QList<QJsonObject> dataOf(const QList<EventStreamClient::Event> &events)
    {
        QList<QJsonObject> data;
        for (const auto &event : events)
            data.append(event.data);
        return data;
    }
    static QList<qint64> bookingIds(const QList<QJsonObject> &messages, const QString &status)
    {
        QList<qint64> ids;
        for (const QJsonObject &message : messages) {
            for (const QJsonValue &booking : message.value(QStringLiteral("bookings")).toArray()) {
                if (booking.toObject().value(QStringLiteral("status")).toString() == status)
                    ids.append(booking.toObject().value(QStringLiteral("id")).toInteger());
            }
        }
        return ids;
    }
    qint64 book(TestHttpClient &http, qint64 showId, int seats)
    {
        const auto reply = http.post(QStringLiteral("/shows/%1/book").arg(showId),
                                     {{QStringLiteral("user_name"), QStringLiteral("Push")},
                                      {QStringLiteral("seats"), seats}},
                                     true);
        return reply.status == 201 ? reply.object().value(QStringLiteral("id")).toInteger() : 0;
    }
    // reserved, sold and version as the database has them.
    QList<qint64> databaseCounts(qint64 showId)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (!query.exec(QStringLiteral(
                "SELECT reserved_seats, sold_seats, change_seq FROM shows WHERE id = %1")
                            .arg(showId)) ||
            !query.next())
            return {};
        return {query.value(0).toLongLong(), query.value(1).toLongLong(),
                query.value(2).toLongLong()};
    }
    static QList<qint64> eventCounts(const QJsonObject &show)
    {
        return {show.value(QStringLiteral("reserved_seats")).toInteger(),
                show.value(QStringLiteral("sold_seats")).toInteger(),
                show.value(QStringLiteral("version")).toInteger()};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        for (ServerProcess *server : {&m_a, &m_b}) {
            server->setDatabaseUrl(m_databaseUrl);
            server->setAdminToken(QByteArrayLiteral("livepush-admin-token-0123456789abcdef"));
            // Not the reference's "open" mode, where anyone may read any booking.
            server->setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"),
                                   QStringLiteral("token"));
            QVERIFY2(server->start(), qPrintable(server->errorString()));
        }
    }

    void cleanupTestCase()
    {
        QVERIFY2(m_a.stop(), qPrintable(m_a.errorString()));
        QVERIFY2(m_b.stop(), qPrintable(m_b.errorString()));
    }

    void changeThroughAReachesWebSocketAndEventStreamOnB()
    {
        TestHttpClient a(m_a.baseUrl(), m_a.adminToken());
        const qint64 showId = a.createShow(QStringLiteral("Push across"), 50);
        QVERIFY(showId > 0);
        WebSocketPushClient staff(m_b.baseUrl(), QStringLiteral("bookings=all"),
                                  m_b.adminToken());
        WebSocketPushClient anonymous(m_b.baseUrl(), QStringLiteral("bookings=all"));
        EventStreamClient stream(m_b.baseUrl(), QStringLiteral("show=%1").arg(showId));
        QTRY_COMPARE_WITH_TIMEOUT(staff.ofType(QStringLiteral("hello")).size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(anonymous.ofType(QStringLiteral("hello")).size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stream.ofType("hello").size(), 1, 10000);
        QVERIFY2(stream.head().startsWith("HTTP/1.1 200"), stream.head().constData());
        QVERIFY(stream.head().toLower().contains("content-type: text/event-stream"));
        QCOMPARE(staff.ofType(QStringLiteral("hello"))
                     .first()
                     .value(QStringLiteral("subscription"))
                     .toObject()
                     .value(QStringLiteral("bookings"))
                     .toString(),
                 QStringLiteral("all"));

        const qint64 booking = book(a, showId, 3);
        QVERIFY(booking > 0);
        QVERIFY(a.post(QStringLiteral("/bookings/%1/confirm").arg(booking), {}, true).status ==
                200);
        const QList<qint64> truth = databaseCounts(showId);
        QCOMPARE(truth.mid(0, 2), (QList<qint64>{3, 3}));
        QTRY_COMPARE_WITH_TIMEOUT(
            eventCounts(newestShow(staff.ofType(QStringLiteral("show")), showId)), truth, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(eventCounts(newestShow(dataOf(stream.ofType("show")), showId)),
                                  truth, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bookingIds(staff.ofType(QStringLiteral("bookings")),
                                             QStringLiteral("CONFIRMED")),
                                  QList<qint64>{booking}, 10000);
        // The event's show is the Show object GET /shows/:id answers on B.
        TestHttpClient b(m_b.baseUrl(), m_b.adminToken());
        const QJsonObject fetched = b.get(QStringLiteral("/shows/%1").arg(showId)).object();
        QCOMPARE(newestShow(dataOf(stream.ofType("show")), showId), fetched);
        // SSE ids are the events' feed numbers.
        const auto lastShowEvent = stream.ofType("show").last();
        QCOMPARE(lastShowEvent.id.toLongLong(),
                 lastShowEvent.data.value(QStringLiteral("seq")).toInteger());

        // Anonymous subscribers hear of shows, never of bookings: once it has
        // an event sent after the booking events, it would have had them too.
        QVERIFY(book(a, showId, 1) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            newestShow(anonymous.ofType(QStringLiteral("show")), showId)
                .value(QStringLiteral("reserved_seats"))
                .toInt(),
            4, 10000);
        QVERIFY(anonymous.ofType(QStringLiteral("bookings")).isEmpty());
        // Only the show asked for reaches the stream.
        const qint64 otherShow = a.createShow(QStringLiteral("Not asked for"), 5);
        QVERIFY(book(a, otherShow, 1) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(!newestShow(staff.ofType(QStringLiteral("show")), otherShow)
                                      .isEmpty(),
                                 10000);
        QVERIFY(newestShow(dataOf(stream.ofType("show")), otherShow).isEmpty());
    }

    void burstIsCoalescedAndEndsOnTheTruth()
    {
        TestHttpClient a(m_a.baseUrl(), m_a.adminToken());
        const qint64 showId = a.createShow(QStringLiteral("Flash sale"), 1000);
        EventStreamClient stream(m_b.baseUrl(), QStringLiteral("show=%1").arg(showId));
        QTRY_COMPARE_WITH_TIMEOUT(stream.ofType("hello").size(), 1, 10000);
        const auto before = MetricsText::parse(
            TestHttpClient(m_b.baseUrl(), m_b.adminToken()).get(QStringLiteral("/metrics"), true)
                .body);
        constexpr int kBookings = 150;
        for (int i = 0; i < kBookings; ++i)
            QVERIFY(book(a, showId, 1) > 0);
        const QList<qint64> truth = databaseCounts(showId);
        QCOMPARE(truth.first(), qint64(kBookings));
        QTRY_COMPARE_WITH_TIMEOUT(eventCounts(newestShow(dataOf(stream.ofType("show")), showId)),
                                  truth, 10000);
        // One booking at a time, each a commit: far more changes than updates sent.
        QVERIFY2(stream.ofType("show").size() < kBookings,
                 qPrintable(QString::number(stream.ofType("show").size())));
        const auto after = MetricsText::parse(
            TestHttpClient(m_b.baseUrl(), m_b.adminToken()).get(QStringLiteral("/metrics"), true)
                .body);
        QVERIFY(after.value(QStringLiteral("boxoffice_push_coalesced_total")) >
                before.value(QStringLiteral("boxoffice_push_coalesced_total")));
        QVERIFY(after.value(QStringLiteral("boxoffice_push_subscribers"),
                            {{QStringLiteral("transport"), QStringLiteral("sse")}}) >= 1);
        QVERIFY(after.value(QStringLiteral("boxoffice_push_messages_total")) >
                before.value(QStringLiteral("boxoffice_push_messages_total")));
    }

    void resumesWithLastEventIdOrSinceAndSaysGapOtherwise()
    {
        TestHttpClient a(m_a.baseUrl(), m_a.adminToken());
        const qint64 showId = a.createShow(QStringLiteral("Resume"), 20);
        QByteArray lastId;
        {
            EventStreamClient first(m_b.baseUrl(), QStringLiteral("show=%1").arg(showId));
            QTRY_COMPARE_WITH_TIMEOUT(first.ofType("hello").size(), 1, 10000);
            QVERIFY(book(a, showId, 1) > 0);
            QTRY_COMPARE_WITH_TIMEOUT(first.ofType("show").size(), 1, 10000);
            lastId = first.ofType("show").last().id;
        }
        // Missed while away; this time through B, for the resume on A.
        TestHttpClient b(m_b.baseUrl(), m_b.adminToken());
        QVERIFY(book(b, showId, 2) > 0);
        QVERIFY(book(b, showId, 4) > 0);
        const QList<qint64> truth = databaseCounts(showId);
        QCOMPARE(truth.first(), 7);
        EventStreamClient resumed(m_a.baseUrl(), QStringLiteral("show=%1").arg(showId),
                                  {{"Last-Event-ID", lastId}});
        QTRY_COMPARE_WITH_TIMEOUT(eventCounts(newestShow(dataOf(resumed.ofType("show")), showId)),
                                  truth, 10000);
        QVERIFY(resumed.ofType("resync").isEmpty());

        WebSocketPushClient since(m_b.baseUrl(),
                                  QStringLiteral("show=%1&since=%2").arg(showId).arg(lastId));
        QTRY_COMPARE_WITH_TIMEOUT(eventCounts(newestShow(since.ofType(QStringLiteral("show")),
                                                         showId)),
                                  truth, 10000);

        EventStreamClient forgotten(m_b.baseUrl(), {}, {{"Last-Event-ID", "999999999"}});
        QTRY_COMPARE_WITH_TIMEOUT(forgotten.ofType("resync").size(), 1, 10000);
        QCOMPARE(forgotten.ofType("resync")
                     .first()
                     .data.value(QStringLiteral("reason"))
                     .toString(),
                 QStringLiteral("gap"));
    }

    void webSocketSubscribeMessageChangesWhatIsHeard()
    {
        TestHttpClient a(m_a.baseUrl(), m_a.adminToken());
        const qint64 first = a.createShow(QStringLiteral("First"), 10);
        const qint64 second = a.createShow(QStringLiteral("Second"), 10);
        WebSocketPushClient client(m_b.baseUrl(), QStringLiteral("show=%1").arg(first),
                                   m_b.adminToken());
        QTRY_COMPARE_WITH_TIMEOUT(client.ofType(QStringLiteral("hello")).size(), 1, 10000);
        client.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                     {QStringLiteral("shows"), QJsonArray{second}},
                     {QStringLiteral("bookings"), QStringLiteral("mine")}});
        QTRY_COMPARE_WITH_TIMEOUT(client.ofType(QStringLiteral("subscribed")).size(), 1, 10000);
        QCOMPARE(client.ofType(QStringLiteral("subscribed"))
                     .first()
                     .value(QStringLiteral("subscription"))
                     .toObject(),
                 (QJsonObject{{QStringLiteral("shows"), QJsonArray{second}},
                              {QStringLiteral("bookings"), QStringLiteral("mine")}}));
        QVERIFY(book(a, first, 1) > 0);
        QVERIFY(book(a, second, 1) > 0);
        QTRY_VERIFY_WITH_TIMEOUT(
            !newestShow(client.ofType(QStringLiteral("show")), second).isEmpty(), 10000);
        QVERIFY(newestShow(client.ofType(QStringLiteral("show")), first).isEmpty());

        // Bad messages are answered, and the connection stays.
        client.send({{QStringLiteral("type"), QStringLiteral("dance")}});
        client.send({{QStringLiteral("type"), QStringLiteral("subscribe")},
                     {QStringLiteral("bookings"), QStringLiteral("some")}});
        QTRY_COMPARE_WITH_TIMEOUT(client.ofType(QStringLiteral("error")).size(), 2, 10000);
        QCOMPARE(client.ofType(QStringLiteral("error"))
                     .first()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("invalid_message"));
        QCOMPARE(client.ofType(QStringLiteral("error"))
                     .last()
                     .value(QStringLiteral("code"))
                     .toString(),
                 QStringLiteral("invalid_field"));
        QVERIFY(client.isConnected());
    }

    void lostListenConnectionGivesResyncAndLaterChangesArrive()
    {
        TestHttpClient a(m_a.baseUrl(), m_a.adminToken());
        const qint64 showId = a.createShow(QStringLiteral("Resync"), 10);
        WebSocketPushClient socket(m_b.baseUrl());
        EventStreamClient stream(m_b.baseUrl());
        QTRY_COMPARE_WITH_TIMEOUT(socket.ofType(QStringLiteral("hello")).size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stream.ofType("hello").size(), 1, 10000);

        // Asked again until both are found (one may be between two statements);
        // never killed twice, as QTRY evaluates its condition once more at the end.
        int killed = 0;
        QTRY_VERIFY2_WITH_TIMEOUT(killed >= 2 || (killed += terminateListenConnections(m_databaseUrl)) >= 2,
                                  qPrintable(QStringLiteral("killed %1 of A's and B's LISTEN "
                                                            "connections")
                                                 .arg(killed)),
                                  5000);

        QTRY_COMPARE_WITH_TIMEOUT(socket.ofType(QStringLiteral("resync")).size(), 1, 15000);
        QCOMPARE(socket.ofType(QStringLiteral("resync"))
                     .first()
                     .value(QStringLiteral("reason"))
                     .toString(),
                 QStringLiteral("feed_interrupted"));
        QTRY_COMPARE_WITH_TIMEOUT(stream.ofType("resync").size(), 1, 15000);
        QVERIFY(book(a, showId, 2) > 0);
        QTRY_COMPARE_WITH_TIMEOUT(newestShow(socket.ofType(QStringLiteral("show")), showId)
                                      .value(QStringLiteral("reserved_seats"))
                                      .toInt(),
                                  2, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(newestShow(dataOf(stream.ofType("show")), showId)
                                      .value(QStringLiteral("reserved_seats"))
                                      .toInt(),
                                  2, 10000);
        const auto metrics = MetricsText::parse(
            TestHttpClient(m_b.baseUrl(), m_b.adminToken()).get(QStringLiteral("/metrics"), true)
                .body);
        QVERIFY(metrics.value(QStringLiteral("boxoffice_push_resyncs_total"),
                              {{QStringLiteral("reason"), QStringLiteral("feed_interrupted")}}) >=
                2);
    }

    void invariantHolds()
    {
        const QStringList violations = invariantViolations(TestDatabase::open(m_databaseUrl));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestLivePush)
#include "tst_livepush.moc"
