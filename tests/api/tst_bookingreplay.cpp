// Idempotency-Key replays of anonymous bookings (--public-booking token): a
// replay never hands out a new access token, so whoever learns a booking's key
// and body cannot take the booking over; a client that chose its own access
// token in the first request gets it back on the retry of a lost answer, and
// a replay without that token is another request (422).
#include "apitestbench.h"

#include <QRandomGenerator>
#include <QtTest>

namespace {
using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers bearer(const QByteArray &token)
{
    return {{QByteArray("Authorization"), "Bearer " + token}};
}

Headers keyed(const QByteArray &key)
{
    return {{QByteArray("Idempotency-Key"), key}};
}

// A fresh random value, as docs/api.md asks of keys and chosen tokens.
QByteArray randomText(const char *prefix)
{
    QByteArray random(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(random.data()), 8);
    return prefix + random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

class TestBookingReplay : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    qint64 m_show = 0;

    TestHttpClient::Reply book(const QString &user, const QJsonValue &chosenToken,
                               const Headers &headers, bool admin = false)
    {
        QJsonObject body{{"user_name", user}, {"seats", 2}};
        if (!chosenToken.isUndefined())
            body.insert("access_token", chosenToken);
        return m_bench.http().post(QStringLiteral("/shows/%1/book").arg(m_show), body, admin,
                                   headers);
    }

    int openWith(qint64 id, const QByteArray &token)
    {
        return m_bench.http()
            .send("GET", QStringLiteral("/bookings/%1").arg(id), {}, bearer(token))
            .status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_bench.server().setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"),
                                        QStringLiteral("token"));
        m_bench.server().setEnvironment(QStringLiteral("BOXOFFICE_RATE_LIMITS"),
                                        QStringLiteral("off"));
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
        m_show = m_bench.createShow(QStringLiteral("Replays"), 1000);
        QVERIFY2(m_show > 0, "expected a show to book on");
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void aReplayByWhoeverKnowsTheKeyGetsNoTokenAndTheOwnerKeepsTheBooking()
    {
        const Headers key = keyed(randomText("key-"));
        const auto first = book(QStringLiteral("Owner"), QJsonValue::Undefined, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const qint64 id = first.object().value("id").toInteger();
        const QByteArray ownerToken = first.object().value("access_token").toString().toLatin1();
        QVERIFY2(ownerToken.startsWith("bka_"), qPrintable(first.describe()));

        // Someone else sends the same key and body, as a retry would.
        const auto replay = book(QStringLiteral("Owner"), QJsonValue::Undefined, key);
        QVERIFY2(replay.status == 201, qPrintable(replay.describe()));
        QCOMPARE(replay.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(replay.object().value("id").toInteger(), id);
        QVERIFY2(!replay.object().contains("access_token"),
                 qPrintable("a replay must not hand out a token, seen " + replay.describe()));
        QCOMPARE(openWith(id, ownerToken), 200);

        const auto confirmed =
            m_bench.http().send("POST", QStringLiteral("/bookings/%1/confirm").arg(id), {},
                                bearer(ownerToken) + Headers{{"Content-Type", "application/json"}});
        QVERIFY2(confirmed.status == 200 && confirmed.object().value("status") == "CONFIRMED",
                 qPrintable("the owner's token must still confirm, seen " + confirmed.describe()));
        const auto late = book(QStringLiteral("Owner"), QJsonValue::Undefined, key);
        QVERIFY2(late.status == 201 && !late.object().contains("access_token"),
                 qPrintable("expected the booking without a token, seen " + late.describe()));
        QCOMPARE(openWith(id, ownerToken), 200);
    }

    void aRetryWithTheChosenTokenGetsItBack()
    {
        const Headers key = keyed(randomText("key-"));
        const QByteArray chosen = randomText("bka_");
        const auto first = book(QStringLiteral("Chooser"), QString::fromLatin1(chosen), key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        QCOMPARE(first.object().value("access_token").toString().toLatin1(), chosen);
        const qint64 id = first.object().value("id").toInteger();

        // The first answer was lost: the identical request comes again.
        const auto retry = book(QStringLiteral("Chooser"), QString::fromLatin1(chosen), key);
        QVERIFY2(retry.status == 201, qPrintable(retry.describe()));
        QCOMPARE(retry.header("Idempotent-Replayed"), QByteArray("true"));
        QCOMPARE(retry.object().value("id").toInteger(), id);
        QCOMPARE(retry.object().value("access_token").toString().toLatin1(), chosen);
        QCOMPARE(openWith(id, chosen), 200);
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT count(*) FROM bookings WHERE user_name = 'Chooser'")),
                 qint64(1));
    }

    void aReplayWithoutTheChosenTokenIsAnotherRequest()
    {
        const Headers key = keyed(randomText("key-"));
        const QByteArray chosen = randomText("bka_");
        const auto first = book(QStringLiteral("Guarded"), QString::fromLatin1(chosen), key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const qint64 id = first.object().value("id").toInteger();

        const QString withoutToken = book(QStringLiteral("Guarded"), QJsonValue::Undefined, key)
                                         .object()
                                         .value("code")
                                         .toString();
        QCOMPARE(withoutToken, QStringLiteral("idempotency_key_reused"));
        const auto otherToken =
            book(QStringLiteral("Guarded"), QString::fromLatin1(randomText("bka_")), key);
        QVERIFY2(otherToken.status == 422,
                 qPrintable("expected 422, seen " + otherToken.describe()));
        QVERIFY2(!otherToken.object().contains("access_token"), qPrintable(otherToken.describe()));
        QCOMPARE(openWith(id, chosen), 200);
    }

    void aStaffReplayOfAnAnonymousBookingShowsNoToken()
    {
        const Headers key = keyed(randomText("key-"));
        const auto first = book(QStringLiteral("Walk-in"), QJsonValue::Undefined, key);
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const qint64 id = first.object().value("id").toInteger();
        const QByteArray ownerToken = first.object().value("access_token").toString().toLatin1();
        const auto staff = book(QStringLiteral("Walk-in"), QJsonValue::Undefined, key, true);
        QVERIFY2(staff.status == 201 && staff.object().value("id").toInteger() == id,
                 qPrintable("staff see the booking, seen " + staff.describe()));
        QVERIFY2(!staff.object().contains("access_token"), qPrintable(staff.describe()));
        QCOMPARE(openWith(id, ownerToken), 200);
    }

    void aStaffCallersChosenTokenIsIgnored()
    {
        for (const QJsonValue &token :
             {QJsonValue(QString::fromLatin1(randomText("bka_"))), QJsonValue(42)}) {
            const auto staff = book(QStringLiteral("Counter"), token, {}, true);
            QVERIFY2(staff.status == 201, qPrintable(staff.describe()));
            QVERIFY2(!staff.object().contains("access_token"), qPrintable(staff.describe()));
            QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings WHERE id = %1 "
                                                     "AND access_token_hash IS NULL")
                                          .arg(staff.object().value("id").toInteger())),
                     qint64(1));
        }
    }

    void aChosenTokenOfAnotherShapeIsRefused_data()
    {
        QTest::addColumn<QJsonValue>("token");
        QTest::newRow("wrong prefix") << QJsonValue(QString::fromLatin1(randomText("bos_")));
        QTest::newRow("too short") << QJsonValue(QStringLiteral("bka_short"));
        QTest::newRow("empty") << QJsonValue(QString());
        QTest::newRow("trailing space")
            << QJsonValue(QString::fromLatin1(randomText("bka_") + ' '));
        QTest::newRow("number") << QJsonValue(42);
        QTest::newRow("object") << QJsonValue(QJsonObject{{"token", "bka_"}});
    }

    void aChosenTokenOfAnotherShapeIsRefused()
    {
        QFETCH(QJsonValue, token);
        const qint64 before = m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings"));
        const auto reply = book(QStringLiteral("Shape"), token, keyed(randomText("key-")));
        QVERIFY2(reply.status == 400, qPrintable("expected 400, seen " + reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(reply.object().value("field").toString(), QStringLiteral("access_token"));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings")), before);
    }
};

QTEST_GUILESS_MAIN(TestBookingReplay)
#include "tst_bookingreplay.moc"
