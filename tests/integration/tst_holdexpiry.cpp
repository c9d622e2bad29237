// Exact hold expiry: a PENDING hold is expired within 1 s of its expires_at by
// whichever server is alive, its seats come back, and confirm at the deadline
// has exactly one answer.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QDateTime>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

class TestHoldExpiry : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    std::unique_ptr<ServerProcess> m_server; // --hold-seconds 2
    std::unique_ptr<TestHttpClient> m_http;

    QJsonObject book(TestHttpClient &http, qint64 showId, int seats)
    {
        const auto reply = http.post(QStringLiteral("/shows/%1/book").arg(showId),
                                     {{QStringLiteral("user_name"), QStringLiteral("Expiry")},
                                      {QStringLiteral("seats"), seats}});
        if (reply.status != 201)
            qWarning() << "booking failed:" << reply.describe();
        return reply.object();
    }

    QString statusOf(qint64 bookingId)
    {
        return m_http->get(QStringLiteral("/bookings/%1").arg(bookingId))
            .object()
            .value(QStringLiteral("status"))
            .toString();
    }

    // Seconds between a booking's deadline and the moment the database expired it.
    double expiryLag(qint64 bookingId)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        query.exec(QStringLiteral("SELECT extract(epoch FROM updated_at - expires_at) FROM bookings"
                                  " WHERE id = %1 AND status = 'EXPIRED'")
                       .arg(bookingId));
        return query.next() ? query.value(0).toDouble() : -1000;
    }

    int reservedSeats(qint64 showId)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        query.exec(QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(showId));
        return query.next() ? query.value(0).toInt() : -1;
    }

    void verifyInvariant()
    {
        const QStringList violations = invariantViolations(TestDatabase::open(m_databaseUrl));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        m_server = std::make_unique<ServerProcess>();
        m_server->setDatabaseUrl(m_databaseUrl);
        m_server->setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("2")});
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_http = std::make_unique<TestHttpClient>(m_server->baseUrl(), m_server->adminToken());
    }

    void holdExpiresWithinOneSecondAndSeatsComeBack()
    {
        const qint64 showId = m_http->createShow(QStringLiteral("Short holds"), 10);
        const QJsonObject booking = book(*m_http, showId, 3);
        const qint64 id = booking.value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        const QDateTime created = QDateTime::fromString(
            booking.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs);
        const QDateTime expires = QDateTime::fromString(
            booking.value(QStringLiteral("expires_at")).toString(), Qt::ISODateWithMs);
        QCOMPARE(created.msecsTo(expires), 2000);
        QCOMPARE(reservedSeats(showId), 3);

        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("EXPIRED"), 10000);
        const double lag = expiryLag(id);
        QVERIFY2(lag >= 0 && lag < 1.0,
                 qPrintable(QStringLiteral("expired %1 s after its deadline").arg(lag)));
        QCOMPARE(reservedSeats(showId), 0);
        const QJsonObject show = m_http->get(QStringLiteral("/shows/%1").arg(showId)).object();
        QCOMPARE(show.value(QStringLiteral("available_seats")).toInt(), 10);
        QCOMPARE(show.value(QStringLiteral("held_seats")).toInt(), 0);
        verifyInvariant();
    }

    void manyStaggeredHoldsEachExpireOnTime()
    {
        const qint64 showId = m_http->createShow(QStringLiteral("Staggered"), 100);
        QList<qint64> ids;
        // Deadlines spread over time so the timer has to re-arm for each.
        QElapsedTimer spread;
        spread.start();
        while (ids.size() < 30) {
            const qint64 id = book(*m_http, showId, 1).value(QStringLiteral("id")).toInteger();
            QVERIFY(id > 0);
            ids << id;
            QTest::qWait(20); // spreads the deadlines over ~0.6 s; not waiting for a result
        }
        QTRY_COMPARE_WITH_TIMEOUT(reservedSeats(showId), 0, 15000);
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QVERIFY(query.exec(
            QStringLiteral("SELECT count(*), min(extract(epoch FROM updated_at - expires_at)),"
                           " max(extract(epoch FROM updated_at - expires_at)) FROM bookings"
                           " WHERE show_id = %1 AND status = 'EXPIRED'")
                .arg(showId)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 30);
        QVERIFY2(query.value(1).toDouble() >= 0, "a hold was expired before its deadline");
        qInfo("expiry lag over 30 holds: %.3f .. %.3f s", query.value(1).toDouble(),
              query.value(2).toDouble());
        QVERIFY2(
            query.value(2).toDouble() < 1.0,
            qPrintable(QStringLiteral("worst expiry lag %1 s").arg(query.value(2).toDouble())));
        verifyInvariant();
    }

    void confirmBeforeDeadlineKeepsTheSeats()
    {
        const qint64 showId = m_http->createShow(QStringLiteral("Confirm in time"), 5);
        const qint64 kept = book(*m_http, showId, 2).value(QStringLiteral("id")).toInteger();
        const qint64 lapsed = book(*m_http, showId, 1).value(QStringLiteral("id")).toInteger();
        const auto confirmed = m_http->post(QStringLiteral("/bookings/%1/confirm").arg(kept), {});
        QVERIFY2(confirmed.status == 200, qPrintable(confirmed.describe()));
        // Once its twin hold has expired, the deadline has passed for both:
        // only the hold lapses, the confirmed booking keeps its seats.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(lapsed), QStringLiteral("EXPIRED"), 10000);
        QCOMPARE(statusOf(kept), QStringLiteral("CONFIRMED"));
        QCOMPARE(reservedSeats(showId), 2);
    }

    void confirmAfterDeadlineIsRejectedEvenBeforeAnySweep()
    {
        // A 2 s hold whose deadline we move into the past behind the server's back:
        // its timer is still armed for later, so only confirm itself can notice.
        const qint64 showId = m_http->createShow(QStringLiteral("Late confirm"), 5);
        const qint64 id = book(*m_http, showId, 2).value(QStringLiteral("id")).toInteger();
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QVERIFY(
            query.exec(QStringLiteral("UPDATE bookings SET expires_at = now() - interval '1 second'"
                                      " WHERE id = %1")
                           .arg(id)));
        const auto reply = m_http->post(QStringLiteral("/bookings/%1/confirm").arg(id), {});
        QVERIFY2(reply.status == 409, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value(QStringLiteral("code")).toString(),
                 QStringLiteral("booking_expired"));
        QCOMPARE(statusOf(id), QStringLiteral("EXPIRED"));
        QCOMPARE(reservedSeats(showId), 0);
        verifyInvariant();
    }

    void confirmRacingTheDeadlineHasOneConsistentAnswer()
    {
        const qint64 showId = m_http->createShow(QStringLiteral("Deadline race"), 40);
        struct Hold
        {
            qint64 id;
            QDateTime expiresAt;
            int status = 0;
        };
        QList<Hold> holds;
        for (int i = 0; i < 20; ++i) {
            const QJsonObject booking = book(*m_http, showId, 1);
            holds.append(
                {booking.value(QStringLiteral("id")).toInteger(),
                 QDateTime::fromString(booking.value(QStringLiteral("expires_at")).toString(),
                                       Qt::ISODateWithMs)});
        }
        // Fire each confirm within a few ms of its deadline, some just before, some just after.
        const QDateTime serverNow = QDateTime::currentDateTimeUtc();
        for (int i = 0; i < holds.size(); ++i) {
            const qint64 at = serverNow.msecsTo(holds[i].expiresAt) + (i % 5) * 12 - 40;
            QTimer::singleShot(
                int(std::max<qint64>(0, at)), Qt::PreciseTimer, this, [this, &holds, i] {
                    holds[i].status =
                        m_http->post(QStringLiteral("/bookings/%1/confirm").arg(holds[i].id), {})
                            .status;
                });
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(holds.begin(), holds.end(), [](const Hold &h) { return h.status != 0; }),
            15000);
        QTRY_COMPARE_WITH_TIMEOUT(m_http->get(QStringLiteral("/shows/%1").arg(showId))
                                      .object()
                                      .value(QStringLiteral("held_seats"))
                                      .toInt(),
                                  0, 10000);

        int confirmed = 0;
        for (const Hold &hold : holds) {
            const QString status = statusOf(hold.id);
            if (hold.status == 200) {
                ++confirmed;
                QCOMPARE(status, QStringLiteral("CONFIRMED"));
            } else {
                QCOMPARE(hold.status, 409);
                QCOMPARE(status, QStringLiteral("EXPIRED"));
            }
        }
        qInfo("%d of %d confirms at the deadline won", confirmed, int(holds.size()));
        QCOMPARE(reservedSeats(showId), confirmed);
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QVERIFY(
            query.exec(QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1"
                                      " AND status = 'CONFIRMED' AND confirmed_at >= expires_at")
                           .arg(showId)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 0); // nothing confirmed at or after its deadline
        verifyInvariant();
    }

    void holdMadeByAKilledServerIsExpiredByAnother()
    {
        ServerProcess shortLived;
        shortLived.setDatabaseUrl(m_databaseUrl);
        shortLived.setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("3")});
        QVERIFY2(shortLived.start(), qPrintable(shortLived.errorString()));
        TestHttpClient viaShortLived(shortLived.baseUrl(), shortLived.adminToken());
        const qint64 showId = viaShortLived.createShow(QStringLiteral("Orphan hold"), 5);
        const qint64 id = book(viaShortLived, showId, 2).value(QStringLiteral("id")).toInteger();
        QVERIFY(id > 0);
        shortLived.kill(); // SIGKILL: its own timer dies with it

        // The surviving server learned the deadline through NOTIFY.
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QStringLiteral("EXPIRED"), 10000);
        const double lag = expiryLag(id);
        QVERIFY2(lag >= 0 && lag < 1.0,
                 qPrintable(QStringLiteral("expired %1 s after its deadline").arg(lag)));
        QCOMPARE(reservedSeats(showId), 0);
    }

    void overdueHoldsAreSweptWhenAServerStarts()
    {
        m_server->stop();
        ServerProcess writer;
        writer.setDatabaseUrl(m_databaseUrl);
        writer.setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("600")});
        QVERIFY2(writer.start(), qPrintable(writer.errorString()));
        TestHttpClient http(writer.baseUrl(), writer.adminToken());
        const qint64 showId = http.createShow(QStringLiteral("Overdue"), 5);
        const qint64 id = book(http, showId, 4).value(QStringLiteral("id")).toInteger();
        writer.kill();
        // While no server runs, the hold falls due.
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QVERIFY(query.exec(
            QStringLiteral(
                "UPDATE bookings SET expires_at = now() - interval '1 minute' WHERE id = %1")
                .arg(id)));
        QCOMPARE(reservedSeats(showId), 4);

        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        m_http->setBaseUrl(m_server->baseUrl());
        QTRY_COMPARE_WITH_TIMEOUT(reservedSeats(showId), 0, 3000);
        QCOMPARE(statusOf(id), QStringLiteral("EXPIRED"));
        verifyInvariant();
    }
};

QTEST_GUILESS_MAIN(TestHoldExpiry)
#include "tst_holdexpiry.moc"
