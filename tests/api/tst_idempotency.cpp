// Idempotency-Key on POST /shows/:id/book: a retried request gets the booking
// its first attempt made and holds nothing more; the same key for another
// request is refused; concurrent duplicates make exactly one booking; and a key
// whose first attempt failed stays usable.
#include "apitestbench.h"
#include "loadgenerator.h"

#include <QSet>
#include <QUuid>
#include <QtTest>

class TestIdempotency : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    static QByteArray newKey() { return QUuid::createUuid().toByteArray(QUuid::WithoutBraces); }

    TestHttpClient::Reply book(qint64 showId, const QString &user, int seats,
                               const QByteArray &key = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!key.isEmpty())
            headers.append(qMakePair(QByteArray("Idempotency-Key"), QByteArray(key)));
        return m_bench.book(showId, user, seats, headers);
    }

    qint64 reserved(qint64 showId)
    {
        return m_bench.sqlValue(
            QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(showId));
    }
    qint64 bookingCount(qint64 showId)
    {
        return m_bench.sqlValue(
            QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1").arg(showId));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void retryReturnsTheSameBookingAndHoldsNothingMore()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Retry"), 10);
        QVERIFY(showId > 0);
        const QByteArray key = newKey();
        const auto first = book(showId, QStringLiteral("Ann"), 3, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        QVERIFY2(first.header("Idempotent-Replayed").isEmpty(),
                 qPrintable(QStringLiteral("first attempt marked as replayed: '%1'")
                                .arg(QString::fromLatin1(first.header("Idempotent-Replayed")))));
        QCOMPARE(reserved(showId), 3);

        for (int retry = 0; retry < 3; ++retry) {
            const auto again = book(showId, QStringLiteral("Ann"), 3, key);
            QVERIFY2(again.status == 201, qPrintable(again.describe()));
            QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
            QCOMPARE(again.object().value("id"), first.object().value("id"));
            QCOMPARE(again.object().value("reference"), first.object().value("reference"));
            QCOMPARE(again.object().value("seats").toInt(), 3);
            QCOMPARE(again.object().value("status").toString(), QStringLiteral("PENDING"));
            QCOMPARE(again.object().value("created_at"), first.object().value("created_at"));
            QCOMPARE(again.object().value("expires_at"), first.object().value("expires_at"));
        }
        QCOMPARE(reserved(showId), 3);
        QCOMPARE(bookingCount(showId), 1);
    }

    void retryAfterConfirmReturnsTheConfirmedBooking()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Retry after confirm"), 10);
        const QByteArray key = newKey();
        const auto first = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const qint64 id = first.object().value("id").toInteger();
        QVERIFY(m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(id), {}).status ==
                200);
        const auto again = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(again.status == 201, qPrintable(again.describe()));
        QCOMPARE(again.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(again.object().value("id").toInteger(), id);
        QCOMPARE(again.object().value("status").toString(), QStringLiteral("CONFIRMED"));
        QCOMPARE(reserved(showId), 2);
        QCOMPARE(bookingCount(showId), 1);
    }

    void sameKeyForAnotherRequestIsRefused_data()
    {
        QTest::addColumn<QString>("user");
        QTest::addColumn<int>("seats");
        QTest::addColumn<bool>("otherShow");
        QTest::newRow("other seat count") << "Ann" << 4 << false;
        QTest::newRow("other user name") << "Bob" << 2 << false;
        QTest::newRow("other show") << "Ann" << 2 << true;
    }

    void sameKeyForAnotherRequestIsRefused()
    {
        QFETCH(QString, user);
        QFETCH(int, seats);
        QFETCH(bool, otherShow);
        const qint64 showId = m_bench.createShow(QStringLiteral("Reused key"), 10);
        const qint64 secondShowId =
            m_bench.createShow(QStringLiteral("Reused key, other show"), 10);
        QVERIFY(showId > 0 && secondShowId > 0);
        const QByteArray key = newKey();
        const auto first = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const qint64 bookingsBefore =
            m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings"));

        const qint64 target = otherShow ? secondShowId : showId;
        const auto reused = book(target, user, seats, key);
        QVERIFY2(reused.status == 422, qPrintable(reused.describe()));
        QCOMPARE(reused.object().value("code").toString(),
                 QStringLiteral("idempotency_key_reused"));
        QVERIFY2(reused.object().value("error").isString(), qPrintable(reused.describe()));
        QVERIFY2(reused.header("Idempotent-Replayed").isEmpty(), qPrintable(reused.describe()));

        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings")), bookingsBefore);
        QCOMPARE(reserved(showId), 2);
        QCOMPARE(reserved(secondShowId), 0);
        // The key still stands for the first request.
        const auto replay = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(replay.status == 201, qPrintable(replay.describe()));
        QCOMPARE(replay.object().value("id"), first.object().value("id"));
    }

    void concurrentDuplicatesMakeExactlyOneBooking()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Concurrent key"), 50);
        QVERIFY(showId > 0);
        const QByteArray key = newKey();
        const QByteArray body = R"({"user_name":"Racer","seats":2})";
        const QByteArray request = LoadGenerator::rawRequest(
            "POST", QStringLiteral("/shows/%1/book").arg(showId), body, {{"Idempotency-Key", key}});
        const auto outcome =
            LoadGenerator::run(m_bench.server().baseUrl(), 20, 20, [&](int) { return request; });
        QCOMPARE(outcome.transportErrors, 0);
        QVERIFY2(outcome.statusCounts.value(201) == 20,
                 qPrintable(QStringLiteral("expected 20 answers 201, seen %1: %2")
                                .arg(outcome.statusCounts.value(201))
                                .arg(QString::fromUtf8(outcome.bodies.value(0)))));
        QSet<qint64> ids;
        QSet<QString> references;
        for (const QByteArray &answer : outcome.bodies) {
            const QJsonObject booking = QJsonDocument::fromJson(answer).object();
            ids.insert(booking.value("id").toInteger());
            references.insert(booking.value("reference").toString());
        }
        QVERIFY2(ids.size() == 1,
                 qPrintable(QStringLiteral("expected one booking id, seen %1").arg(ids.size())));
        QCOMPARE(references.size(), 1);
        QCOMPARE(bookingCount(showId), 1);
        QCOMPARE(reserved(showId), 2);
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT id FROM bookings WHERE show_id = %1").arg(showId)),
                 *ids.begin());
    }

    void keyWhoseFirstAttemptFailedCanBeRetried()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Retry after failure"), 3);
        QVERIFY(showId > 0);
        const auto blocker = book(showId, QStringLiteral("Early bird"), 2);
        QVERIFY2(blocker.status == 201, qPrintable(blocker.describe()));
        const QByteArray key = newKey();

        const auto failed = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(failed.status == 409, qPrintable(failed.describe()));
        QCOMPARE(failed.object().value("code").toString(), QStringLiteral("not_enough_seats"));
        QCOMPARE(failed.object().value("available_seats").toInt(), 1);
        QCOMPARE(reserved(showId), 2);
        QCOMPARE(bookingCount(showId), 1);

        const auto stillFull = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(stillFull.status == 409, qPrintable(stillFull.describe()));

        const qint64 blockerId = blocker.object().value("id").toInteger();
        QVERIFY(
            m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(blockerId), {}).status ==
            200);
        const auto succeeded = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(succeeded.status == 201, qPrintable(succeeded.describe()));
        QVERIFY2(succeeded.header("Idempotent-Replayed").isEmpty(),
                 "a fresh booking is not a replay");
        QCOMPARE(reserved(showId), 2);

        const auto replay = book(showId, QStringLiteral("Ann"), 2, key);
        QVERIFY2(replay.status == 201, qPrintable(replay.describe()));
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(replay.object().value("id"), succeeded.object().value("id"));
        QCOMPARE(reserved(showId), 2);
        QCOMPARE(bookingCount(showId), 2);
    }

    void requestsWithoutKeyAreNotDeduplicated()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("No key"), 10);
        const auto first = book(showId, QStringLiteral("Ann"), 1);
        const auto second = book(showId, QStringLiteral("Ann"), 1);
        QVERIFY2(first.status == 201 && second.status == 201,
                 qPrintable(first.describe() + ' ' + second.describe()));
        QVERIFY(first.object().value("id") != second.object().value("id"));
        QCOMPARE(reserved(showId), 2);
    }

    void keyLengthIsLimitedTo200Characters()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Long keys"), 10);
        const QByteArray longest = newKey().leftJustified(200, 'k');
        const auto accepted = book(showId, QStringLiteral("Ann"), 1, longest);
        QVERIFY2(accepted.status == 201, qPrintable(accepted.describe()));
        const auto replay = book(showId, QStringLiteral("Ann"), 1, longest);
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));

        const auto refused = book(showId, QStringLiteral("Ann"), 1, longest + 'k');
        QVERIFY2(refused.status == 400, qPrintable(refused.describe()));
        QCOMPARE(refused.object().value("code").toString(), QStringLiteral("out_of_range"));
        QCOMPARE(reserved(showId), 1);
        QCOMPARE(bookingCount(showId), 1);
    }

    // The key is judged on its bytes as they arrive: what Unicode calls a
    // space is part of the key, and refused, not trimmed and stored.
    void keyIsRefusedUnlessVisibleAsciiAsItArrives_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::newRow("UTF-8 BOM first") << QByteArray("\xEF\xBB\xBF") + newKey();
        QTest::newRow("no-break spaces around")
            << QByteArray("\xC2\xA0") + newKey() + QByteArray("\xC2\xA0");
        QTest::newRow("em space after") << newKey() + QByteArray("\xE2\x80\x83");
        QTest::newRow("ideographic space before") << QByteArray("\xE3\x80\x80") + newKey();
    }
    void keyIsRefusedUnlessVisibleAsciiAsItArrives()
    {
        QFETCH(QByteArray, key);
        const qint64 showId = m_bench.createShow(QStringLiteral("Key bytes"), 10);
        QVERIFY(showId > 0);
        const auto refused = book(showId, QStringLiteral("Ann"), 1, key);
        QVERIFY2(refused.status == 400, qPrintable(refused.describe()));
        QCOMPARE(refused.object().value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(refused.object().value("field").toString(), QStringLiteral("Idempotency-Key"));
        QCOMPARE(reserved(showId), 0);
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM idempotency_keys")
                                      .append(QStringLiteral(" WHERE key !~ '^[!-~]+$'"))),
                 0);
    }

    void spacesAroundTheHeaderValueAreNotPartOfTheKey()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Key spaces"), 10);
        QVERIFY(showId > 0);
        const QByteArray key = newKey();
        const auto first = book(showId, QStringLiteral("Ann"), 1, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const auto padded = m_bench.http().send(
            "POST", QStringLiteral("/shows/%1/book").arg(showId),
            R"({"user_name":"Ann","seats":1})",
            {{"Content-Type", "application/json"}, {"Idempotency-Key", " \t" + key + "\t "}});
        QVERIFY2(padded.status == 201 && padded.header("Idempotent-Replayed") == "true",
                 qPrintable(padded.describe()));
        QCOMPARE(reserved(showId), 1);
    }
};

QTEST_GUILESS_MAIN(TestIdempotency)
#include "tst_idempotency.moc"
