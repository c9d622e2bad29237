// Who may touch which booking, over HTTP, in the three public-booking modes:
// off, token and open × {anonymous, holder of this booking, holder of another
// booking, bootstrap admin} on book, get, by-reference, confirm and cancel.
// Also: access_token only in token mode and only for anonymous bookings, a
// staff booking's key is no way in for anonymous callers, and /config's
// public_booking. Replays of anonymous bookings: tst_bookingreplay.
#include "apitestbench.h"

#include <QRandomGenerator>
#include <QtTest>

#include <array>
#include <memory>

namespace {
enum class Mode
{
    Off,
    Token,
    Open
};
enum class Caller
{
    Anonymous,
    HolderOfThis,
    HolderOfOther,
    Admin
};
enum class Action
{
    Book,
    Get,
    ByReference,
    Confirm,
    Cancel
};

QString modeName(Mode mode)
{
    return mode == Mode::Off
               ? QStringLiteral("off")
               : (mode == Mode::Token ? QStringLiteral("token") : QStringLiteral("open"));
}

// A booking access token of the real shape, which the server never issued.
QByteArray madeUpAccessToken()
{
    QByteArray random(32, Qt::Uninitialized);
    for (char &byte : random)
        byte = static_cast<char>(QRandomGenerator::system()->bounded(256));
    return "bka_" + random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

using Headers = QList<QPair<QByteArray, QByteArray>>;
Headers bearer(const QByteArray &token)
{
    return {{QByteArray("Authorization"), "Bearer " + token}};
}
} // namespace

Q_DECLARE_METATYPE(Mode)
Q_DECLARE_METATYPE(Caller)
Q_DECLARE_METATYPE(Action)

class TestBookingAccess : public QObject
{
    Q_OBJECT

private:
    std::array<ApiTestBench, 3> m_benches;
    std::array<qint64, 3> m_shows{};

    ApiTestBench &bench(Mode mode) { return m_benches[static_cast<int>(mode)]; }

    struct Target
    {
        qint64 id = 0;
        QString reference;
        QByteArray ownToken;   // opens this booking
        QByteArray otherToken; // opens another booking
    };

    // A booking to act on and the two holder tokens. In token mode both
    // bookings are made anonymously and their tokens come from the answers;
    // elsewhere no answer carries one, so the test gives the bookings known
    // hashes in SQL (open mode must still judge a holder by its token).
    Target makeTarget(Mode mode)
    {
        ApiTestBench &b = bench(mode);
        const qint64 show = m_shows[static_cast<int>(mode)];
        Target target;
        if (mode == Mode::Token) {
            const auto mine = b.book(show, QStringLiteral("Holder"), 1);
            const auto other = b.book(show, QStringLiteral("Other"), 1);
            if (mine.status != 201 || other.status != 201) {
                qWarning() << "anonymous booking failed:" << mine.describe() << other.describe();
                return {};
            }
            target.id = mine.object().value("id").toInteger();
            target.reference = mine.object().value("reference").toString();
            target.ownToken = mine.object().value("access_token").toString().toLatin1();
            target.otherToken = other.object().value("access_token").toString().toLatin1();
            return target;
        }
        const auto mine = b.http().post(QStringLiteral("/shows/%1/book").arg(show),
                                        {{"user_name", "Holder"}, {"seats", 1}}, true);
        const qint64 other = b.bookOk(show, QStringLiteral("Other"), 1, bearer(adminToken(b)));
        if (mine.status != 201 || other == 0) {
            qWarning() << "admin booking failed:" << mine.describe();
            return {};
        }
        target.id = mine.object().value("id").toInteger();
        target.reference = mine.object().value("reference").toString();
        target.ownToken = madeUpAccessToken();
        target.otherToken = madeUpAccessToken();
        if (!giveAccessToken(b, target.id, target.ownToken) ||
            !giveAccessToken(b, other, target.otherToken))
            return {};
        return target;
    }

    static QByteArray adminToken(ApiTestBench &b) { return b.server().adminToken(); }

    static bool giveAccessToken(ApiTestBench &b, qint64 bookingId, const QByteArray &token)
    {
        const qint64 updated =
            b.sqlValue(QStringLiteral("WITH u AS (UPDATE bookings SET access_token_hash = "
                                      "sha256(convert_to('%1', 'UTF8')) WHERE id = %2 RETURNING 1) "
                                      "SELECT count(*) FROM u")
                           .arg(QString::fromLatin1(token))
                           .arg(bookingId));
        if (updated != 1)
            qWarning() << "setting the access token of booking" << bookingId << "updated" << updated
                       << "rows";
        return updated == 1;
    }

    static QString status(ApiTestBench &b, qint64 bookingId)
    {
        const qint64 pending = b.sqlValue(
            QStringLiteral("SELECT count(*) FROM bookings WHERE id = %1 AND status = 'PENDING'")
                .arg(bookingId));
        return pending == 1 ? QStringLiteral("PENDING") : QStringLiteral("not PENDING");
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const Mode mode : {Mode::Off, Mode::Token, Mode::Open}) {
            ApiTestBench &b = bench(mode);
            b.server().setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"), modeName(mode));
            // Many anonymous calls from one address: rate limits are another test's subject.
            b.server().setEnvironment(QStringLiteral("BOXOFFICE_RATE_LIMITS"),
                                      QStringLiteral("off"));
            QVERIFY2(b.start(), qPrintable(modeName(mode) + ": " + b.errorString()));
            const qint64 show = b.createShow(QStringLiteral("Access ") + modeName(mode), 1000);
            QVERIFY2(show > 0, "expected a show to book on");
            m_shows[static_cast<int>(mode)] = show;
        }
    }

    void cleanupTestCase()
    {
        for (ApiTestBench &b : m_benches) {
            const QString problem = b.finish();
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    void configNamesTheMode_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::newRow("off") << Mode::Off;
        QTest::newRow("token") << Mode::Token;
        QTest::newRow("open") << Mode::Open;
    }

    void configNamesTheMode()
    {
        QFETCH(Mode, mode);
        const auto reply = bench(mode).http().get(QStringLiteral("/config"));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("public_booking").toString(), modeName(mode));
    }

    void eachCallerGetsTheExpectedStatus_data()
    {
        QTest::addColumn<Mode>("mode");
        QTest::addColumn<Caller>("caller");
        QTest::addColumn<Action>("action");
        QTest::addColumn<int>("expected");
        const QList<QPair<Action, QString>> actions = {{Action::Book, "book"},
                                                       {Action::Get, "get"},
                                                       {Action::ByReference, "by-reference"},
                                                       {Action::Confirm, "confirm"},
                                                       {Action::Cancel, "cancel"}};
        const auto row = [&](Mode mode, Caller caller, const QString &who,
                             const std::array<int, 5> &statuses) {
            for (int i = 0; i < actions.size(); ++i)
                QTest::addRow("%s %s %s", qPrintable(modeName(mode)), qPrintable(who),
                              qPrintable(actions.at(i).second))
                    << mode << caller << actions.at(i).first << statuses.at(i);
        };
        //                                          book get  ref  conf cancel
        row(Mode::Off, Caller::Anonymous, "anonymous", {401, 401, 401, 401, 401});
        row(Mode::Off, Caller::HolderOfThis, "holder-of-this", {403, 403, 403, 403, 403});
        row(Mode::Off, Caller::HolderOfOther, "holder-of-other", {403, 403, 403, 403, 403});
        row(Mode::Off, Caller::Admin, "admin", {201, 200, 200, 200, 200});
        row(Mode::Token, Caller::Anonymous, "anonymous", {201, 401, 401, 401, 401});
        row(Mode::Token, Caller::HolderOfThis, "holder-of-this", {403, 200, 200, 200, 200});
        row(Mode::Token, Caller::HolderOfOther, "holder-of-other", {403, 404, 404, 404, 404});
        row(Mode::Token, Caller::Admin, "admin", {201, 200, 200, 200, 200});
        row(Mode::Open, Caller::Anonymous, "anonymous", {201, 200, 200, 200, 200});
        row(Mode::Open, Caller::HolderOfThis, "holder-of-this", {403, 200, 200, 200, 200});
        row(Mode::Open, Caller::HolderOfOther, "holder-of-other", {403, 404, 404, 404, 404});
        row(Mode::Open, Caller::Admin, "admin", {201, 200, 200, 200, 200});
    }

    void eachCallerGetsTheExpectedStatus()
    {
        QFETCH(Mode, mode);
        QFETCH(Caller, caller);
        QFETCH(Action, action);
        QFETCH(int, expected);
        ApiTestBench &b = bench(mode);
        const Target target = makeTarget(mode);
        QVERIFY2(target.id > 0, "expected a booking to act on");

        Headers headers;
        if (caller == Caller::HolderOfThis)
            headers = bearer(target.ownToken);
        else if (caller == Caller::HolderOfOther)
            headers = bearer(target.otherToken);
        else if (caller == Caller::Admin)
            headers = bearer(adminToken(b));

        TestHttpClient::Reply reply;
        switch (action) {
        case Action::Book:
            reply = b.book(m_shows[static_cast<int>(mode)], QStringLiteral("New"), 1, headers);
            break;
        case Action::Get:
            reply =
                b.http().send("GET", QStringLiteral("/bookings/%1").arg(target.id), {}, headers);
            break;
        case Action::ByReference:
            reply = b.http().send("GET",
                                  QStringLiteral("/bookings/by-reference/%1").arg(target.reference),
                                  {}, headers);
            break;
        case Action::Confirm:
        case Action::Cancel: {
            const QString verb = action == Action::Confirm ? "confirm" : "cancel";
            reply =
                b.http().send("POST", QStringLiteral("/bookings/%1/%2").arg(target.id).arg(verb),
                              {}, headers + Headers{{"Content-Type", "application/json"}});
            break;
        }
        }
        QVERIFY2(
            reply.status == expected,
            qPrintable(QStringLiteral("expected %1, seen %2").arg(expected).arg(reply.describe())));

        const QJsonObject body = reply.object();
        if (expected >= 400) {
            QVERIFY2(body.contains("error") && body.contains("code"),
                     qPrintable("expected a JSON error, seen " + reply.describe()));
            if (expected == 404)
                QCOMPARE(body.value("code").toString(), QStringLiteral("booking_not_found"));
            if (action == Action::Confirm || action == Action::Cancel)
                QVERIFY2(status(b, target.id) == QLatin1String("PENDING"),
                         "a refused settle must leave the booking PENDING");
            return;
        }
        const bool tokenExpected =
            action == Action::Book && mode == Mode::Token && caller == Caller::Anonymous;
        const QString token = body.value("access_token").toString();
        QVERIFY2(body.contains("access_token") == tokenExpected,
                 qPrintable(QStringLiteral("expected access_token %1, seen %2")
                                .arg(tokenExpected ? "present" : "absent", reply.describe())));
        if (tokenExpected)
            QVERIFY2(token.startsWith("bka_") && token.size() == 47,
                     qPrintable("expected bka_ + 43 characters, seen " + token));
        if (action != Action::Book)
            QCOMPARE(body.value("id").toInteger(), target.id);
        if (action == Action::Confirm)
            QCOMPARE(body.value("status").toString(), QStringLiteral("CONFIRMED"));
        if (action == Action::Cancel)
            QCOMPARE(body.value("status").toString(), QStringLiteral("CANCELLED"));
    }

    void aBadAccessTokenNeverFallsBackToAnonymous()
    {
        // Open mode lets anonymous callers read any booking; an unknown
        // booking token must not read it for being "at least anonymous".
        ApiTestBench &b = bench(Mode::Open);
        const qint64 id = b.bookOk(m_shows[2], QStringLiteral("Anyone"), 1);
        QVERIFY(id > 0);
        const auto reply = b.http().send("GET", QStringLiteral("/bookings/%1").arg(id), {},
                                         bearer(madeUpAccessToken()));
        QVERIFY2(reply.status == 404, qPrintable("expected 404, seen " + reply.describe()));
    }

    void aKeyOfAStaffBookingIsNoWayInForAnonymousCallers()
    {
        ApiTestBench &b = bench(Mode::Token);
        const Headers key = {{"Idempotency-Key", "access-replay-staff"}};
        const auto staff = b.http().post(QStringLiteral("/shows/%1/book").arg(m_shows[1]),
                                         {{"user_name", "Staff"}, {"seats", 1}}, true, key);
        QVERIFY2(staff.status == 201, qPrintable(staff.describe()));
        QVERIFY2(!staff.object().contains("access_token"), qPrintable(staff.describe()));
        const auto anonymous = b.book(m_shows[1], QStringLiteral("Staff"), 1, key);
        QVERIFY2(anonymous.status == 422, qPrintable("expected 422, seen " + anonymous.describe()));
        QCOMPARE(anonymous.object().value("code").toString(),
                 QStringLiteral("idempotency_key_reused"));
    }

    void adminListingStaysAdminOnly()
    {
        ApiTestBench &b = bench(Mode::Token);
        const Target target = makeTarget(Mode::Token);
        QVERIFY(target.id > 0);
        const QString path = QStringLiteral("/admin/shows/%1/bookings").arg(m_shows[1]);
        const auto holder = b.http().send("GET", path, {}, bearer(target.ownToken));
        QVERIFY2(holder.status == 403, qPrintable("expected 403, seen " + holder.describe()));
        const auto anonymous = b.http().send("GET", path, {}, {});
        QVERIFY2(anonymous.status == 401, qPrintable("expected 401, seen " + anonymous.describe()));
    }
};

QTEST_GUILESS_MAIN(TestBookingAccess)
#include "tst_bookingaccess.moc"
