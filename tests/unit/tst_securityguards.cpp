// SecurityGuards behind a real Router: Host patterns (421), the CSRF rule
// (415), per-address and per-token rate limits with Retry-After (429) on an
// injected clock, the bootstrap admin's exemption, and the refused-credential
// limit fed by the Router's 401s. Includes the login class, whose route lives
// elsewhere: a stand-in route carries RateClass::Login here.
#include "auth/bearertoken.h"
#include "auth/bootstrapauthenticator.h"
#include "http/router.h"
#include "http/securityguards.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QtTest>

#include <memory>

using namespace std::chrono_literals;
using Method = QHttpServerRequest::Method;

namespace {
const QByteArray kAdminToken = "bootstrap-admin-token-for-tests";

struct FakeClock
{
    std::shared_ptr<std::chrono::nanoseconds> now = std::make_shared<std::chrono::nanoseconds>(1s);
    RateLimiter::Clock function() const
    {
        return [now = now] { return *now; };
    }
};

ApiRequest request(Method method, const QString &path, const QString &peer = "192.0.2.1")
{
    ApiRequest r;
    r.method = method;
    r.path = path;
    r.host = "localhost:8080";
    r.peerAddress = QHostAddress(peer);
    if (method != Method::Get)
        r.contentType = "application/json";
    return r;
}

QByteArray headerOf(const ApiResponse &response, const QByteArray &name)
{
    for (const auto &[key, value] : response.headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QString describe(const ApiResponse &response)
{
    return QStringLiteral("status %1 %2")
        .arg(response.status)
        .arg(QString::fromUtf8(response.body));
}

QString codeOf(const ApiResponse &response)
{
    return QJsonDocument::fromJson(response.body).object().value("code").toString();
}
} // namespace

class TestSecurityGuards : public QObject
{
    Q_OBJECT

    // A router with the guards, one route per rate class; handlers answer 200.
    struct Bench
    {
        BootstrapAuthenticator authenticator{kAdminToken};
        FakeClock clock;
        std::unique_ptr<SecurityGuards> guards;
        std::unique_ptr<Router> router;

        ApiResponse dispatch(const ApiRequest &r) const
        {
            QFuture<ApiResponse> future = router->dispatch(r);
            future.waitForFinished();
            return future.result();
        }
    };

    static std::unique_ptr<Bench> bench(PublicBooking mode, const QString &limits = {},
                                        const QStringList &hosts = {},
                                        const QStringList &proxies = {},
                                        const QByteArray &exemptToken = {})
    {
        auto b = std::make_unique<Bench>();
        QString error;
        auto settings = SecurityGuards::settingsFrom(mode, hosts, proxies, limits, &error);
        if (!settings)
            qFatal("bad test settings: %s", qPrintable(error));
        if (!exemptToken.isEmpty())
            settings->bootstrapTokenDigest = BearerToken::digest(exemptToken);
        b->guards = std::make_unique<SecurityGuards>(*settings, b->clock.function());
        b->router =
            std::make_unique<Router>(Router::Options{&b->authenticator, b->guards.get(), mode});
        const auto ok = [](const ApiRequest &r) {
            return QtFuture::makeReadyFuture(
                ApiResponse::json(200, QJsonObject{{"client", r.clientAddress}}));
        };
        b->router->add(Method::Post, "/auth/login", Router::Access::Public, ok, RateClass::Login);
        b->router->add(Method::Post, "/shows/:id/book", Router::Access::Booking, ok,
                       RateClass::Booking);
        b->router->add(Method::Post, "/bookings/:id/cancel", Router::Access::BookingRecord, ok,
                       RateClass::Settle);
        b->router->add(Method::Get, "/shows", Router::Access::Public, ok);
        b->router->add(Method::Get, "/admin/shows", Router::Access::Admin, ok);
        return b;
    }

private slots:
    void hostPatterns_data()
    {
        QTest::addColumn<QStringList>("allowed");
        QTest::addColumn<QByteArray>("host");
        QTest::addColumn<bool>("expected");
        const QStringList patterns{"box.example.org", "*.tickets.example", "[::1]:8443",
                                   "localhost:8080"};
        QTest::newRow("empty list allows any") << QStringList() << QByteArray("evil.test") << true;
        QTest::newRow("name, any port") << patterns << QByteArray("box.example.org:1234") << true;
        QTest::newRow("name without port") << patterns << QByteArray("box.example.org") << true;
        QTest::newRow("case-insensitive") << patterns << QByteArray("BOX.Example.ORG") << true;
        QTest::newRow("trailing dot") << patterns << QByteArray("box.example.org.") << true;
        QTest::newRow("other name") << patterns << QByteArray("evil.test") << false;
        QTest::newRow("suffix is not a subdomain")
            << patterns << QByteArray("evilbox.example.org") << false;
        QTest::newRow("wildcard subdomain") << patterns << QByteArray("a.tickets.example") << true;
        QTest::newRow("wildcard deep") << patterns << QByteArray("a.b.tickets.example:99") << true;
        QTest::newRow("wildcard not the bare domain")
            << patterns << QByteArray("tickets.example") << false;
        QTest::newRow("IPv6 with port") << patterns << QByteArray("[::1]:8443") << true;
        QTest::newRow("IPv6 other spelling") << patterns << QByteArray("[0:0::1]:8443") << true;
        QTest::newRow("IPv6 wrong port") << patterns << QByteArray("[::1]:8080") << false;
        QTest::newRow("port required") << patterns << QByteArray("localhost") << false;
        QTest::newRow("port matches") << patterns << QByteArray("localhost:8080") << true;
        QTest::newRow("missing Host") << patterns << QByteArray() << false;
        QTest::newRow("userinfo trick")
            << patterns << QByteArray("box.example.org@evil.test") << false;
        QTest::newRow("bad port") << patterns << QByteArray("box.example.org:99999") << false;
        QTest::newRow("non-ASCII") << patterns << QByteArray("box.example.org\xc3\xa9") << false;
    }

    void hostPatterns()
    {
        QFETCH(QStringList, allowed);
        QFETCH(QByteArray, host);
        QFETCH(bool, expected);
        HostGuard guard;
        QString error;
        QVERIFY2(HostGuard::parse(allowed, &guard, &error), qPrintable(error));
        QCOMPARE(guard.allows(host), expected);
    }

    void badHostPatternsAreRefused()
    {
        for (const QString pattern : {"", "exa mple.org", "host:0", "[not-v6]", "*.[::1]", "a:b"}) {
            HostGuard guard;
            QString error;
            if (pattern.isEmpty())
                continue; // empty entries are skipped, not errors
            QVERIFY2(!HostGuard::parse({pattern}, &guard, &error),
                     qPrintable(pattern + " was accepted"));
        }
    }

    void foreignHostGets421()
    {
        auto b = bench(PublicBooking::Token, {}, {"box.example.org"});
        ApiRequest r = request(Method::Get, "/shows");
        r.host = "rebound.attacker.test";
        const ApiResponse refused = b->dispatch(r);
        QVERIFY2(refused.status == 421 && codeOf(refused) == "host_not_allowed",
                 qPrintable(describe(refused)));
        r.host = "box.example.org:8080";
        const ApiResponse admitted = b->dispatch(r);
        QVERIFY2(admitted.status == 200, qPrintable(describe(admitted)));
    }

    void forgeableStateChangesGet415()
    {
        auto b = bench(PublicBooking::Token);
        for (const QByteArray type : {QByteArray("application/x-www-form-urlencoded"),
                                      QByteArray("text/plain"), QByteArray()}) {
            ApiRequest r = request(Method::Post, "/shows/1/book");
            r.contentType = type;
            r.body = "user=x&seats=1";
            const ApiResponse refused = b->dispatch(r);
            QVERIFY2(refused.status == 415 && codeOf(refused) == "unsupported_media_type",
                     qPrintable("type '" + type + "': " + describe(refused)));
        }
        ApiRequest json = request(Method::Post, "/shows/1/book");
        json.contentType = "Application/JSON; charset=utf-8";
        QVERIFY2(b->dispatch(json).status == 200, qPrintable(describe(b->dispatch(json))));
        // With an Authorization header a page could not have sent, the type is not the guard's
        // business.
        ApiRequest authorized = request(Method::Post, "/shows/1/book");
        authorized.contentType = "text/plain";
        authorized.authorization = "Bearer " + kAdminToken;
        QVERIFY2(b->dispatch(authorized).status == 200,
                 qPrintable(describe(b->dispatch(authorized))));
        // Reads are not state changes.
        ApiRequest read = request(Method::Get, "/shows");
        read.contentType = "text/plain";
        QCOMPARE(b->dispatch(read).status, 200);
    }

    void openModeHasNoCsrfRule()
    {
        auto b = bench(PublicBooking::Open);
        ApiRequest r = request(Method::Post, "/shows/1/book");
        r.contentType = "application/x-www-form-urlencoded";
        QVERIFY2(b->dispatch(r).status == 200, qPrintable(describe(b->dispatch(r))));
    }

    void anonymousBookingIsLimitedPerAddress()
    {
        auto b = bench(PublicBooking::Token, "booking.address=1/s:3");
        for (int i = 0; i < 3; ++i)
            QCOMPARE(b->dispatch(request(Method::Post, "/shows/1/book")).status, 200);
        const ApiResponse refused = b->dispatch(request(Method::Post, "/shows/1/book"));
        QVERIFY2(refused.status == 429 && codeOf(refused) == "rate_limited",
                 qPrintable(describe(refused)));
        QCOMPARE(headerOf(refused, "Retry-After"), QByteArray("1"));
        QCOMPARE(QJsonDocument::fromJson(refused.body).object().value("retry_after").toInt(), 1);
        // Another address has a bucket of its own; the same /64 shares one.
        QCOMPARE(b->dispatch(request(Method::Post, "/shows/1/book", "192.0.2.2")).status, 200);
        for (int i = 0; i < 3; ++i)
            b->dispatch(request(Method::Post, "/shows/1/book", "2001:db8::1"));
        QCOMPARE(b->dispatch(request(Method::Post, "/shows/1/book", "2001:db8::2")).status, 429);
        *b->clock.now += 1s;
        QCOMPARE(b->dispatch(request(Method::Post, "/shows/1/book")).status, 200);
    }

    void loginIsLimitedPerAddressByDefault()
    {
        auto b = bench(PublicBooking::Off);
        for (int i = 0; i < 10; ++i) {
            const ApiResponse r = b->dispatch(request(Method::Post, "/auth/login"));
            QVERIFY2(r.status == 200, qPrintable(QString("login %1: ").arg(i) + describe(r)));
        }
        const ApiResponse refused = b->dispatch(request(Method::Post, "/auth/login"));
        QVERIFY2(refused.status == 429, qPrintable(describe(refused)));
        QCOMPARE(headerOf(refused, "Retry-After"), QByteArray("6")); // 10/min: 6 s per login
    }

    void settleIsOffForAnonymousInOpenModeUnlessNamed()
    {
        auto open = bench(PublicBooking::Open);
        for (int i = 0; i < 200; ++i)
            QCOMPARE(open->dispatch(request(Method::Post, "/bookings/1/cancel")).status, 200);
        auto named = bench(PublicBooking::Open, "settle.address=1/min:1");
        QCOMPARE(named->dispatch(request(Method::Post, "/bookings/1/cancel")).status, 200);
        QCOMPARE(named->dispatch(request(Method::Post, "/bookings/1/cancel")).status, 429);
    }

    void bootstrapAdminIsExempt()
    {
        auto b = bench(PublicBooking::Off, "booking.token=1/min:1,booking.address=1/min:1");
        for (int i = 0; i < 20; ++i) {
            ApiRequest r = request(Method::Post, "/shows/1/book");
            r.authorization = "Bearer " + kAdminToken;
            const ApiResponse answer = b->dispatch(r);
            QVERIFY2(answer.status == 200, qPrintable(describe(answer)));
        }
    }

    void refusedCredentialsLockTheAddressOutOfFurtherTokens()
    {
        auto b = bench(PublicBooking::Off, "auth_failure.address=3/min:3");
        for (int i = 0; i < 3; ++i) {
            ApiRequest r = request(Method::Get, "/admin/shows");
            r.authorization = "Bearer wrong-" + QByteArray::number(i);
            QCOMPARE(b->dispatch(r).status, 401);
        }
        // Even the right token is refused from that address for now...
        ApiRequest good = request(Method::Get, "/admin/shows");
        good.authorization = "Bearer " + kAdminToken;
        const ApiResponse refused = b->dispatch(good);
        QVERIFY2(refused.status == 429 && codeOf(refused) == "rate_limited",
                 qPrintable(describe(refused)));
        QCOMPARE(headerOf(refused, "Retry-After"), QByteArray("20"));
        // ...while requests without a credential and other addresses go on.
        QCOMPARE(b->dispatch(request(Method::Get, "/shows")).status, 200);
        ApiRequest elsewhere = good;
        elsewhere.peerAddress = QHostAddress("192.0.2.99");
        QCOMPARE(b->dispatch(elsewhere).status, 200);
        // A missing credential is no guess and costs nothing.
        auto fresh = bench(PublicBooking::Off, "auth_failure.address=1/min:1");
        for (int i = 0; i < 5; ++i)
            QCOMPARE(fresh->dispatch(request(Method::Get, "/admin/shows")).status, 401);
        QCOMPARE(fresh->dispatch(good).status, 200);
        *b->clock.now += 20s;
        QCOMPARE(b->dispatch(good).status, 200);
    }

    void theBootstrapAdminIsNeverLockedOutByGuessing()
    {
        auto b = bench(PublicBooking::Token, "auth_failure.address=2/min:2", {}, {}, kAdminToken);
        for (int i = 0; i < 5; ++i) {
            ApiRequest r = request(Method::Get, "/admin/shows");
            r.authorization = "Bearer wrong";
            b->dispatch(r);
        }
        ApiRequest holder = request(Method::Post, "/bookings/1/cancel");
        holder.authorization = "Bearer bka_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
        const ApiResponse refused = b->dispatch(holder);
        QVERIFY2(refused.status == 429,
                 qPrintable("a holder token got through: " + describe(refused)));
        ApiRequest admin = request(Method::Get, "/admin/shows");
        admin.authorization = "bearer " + kAdminToken;
        const ApiResponse admitted = b->dispatch(admin);
        QVERIFY2(admitted.status == 200, qPrintable("the bootstrap admin: " + describe(admitted)));
    }

    void trustedProxyForwardsTheClientAddress()
    {
        auto b = bench(PublicBooking::Token, "booking.address=1/min:1", {}, {"127.0.0.1"});
        ApiRequest first = request(Method::Post, "/shows/1/book", "127.0.0.1");
        first.forwardedFor = "198.51.100.1";
        const ApiResponse one = b->dispatch(first);
        QCOMPARE(QJsonDocument::fromJson(one.body).object().value("client").toString(),
                 QString("198.51.100.1"));
        ApiRequest second = first;
        second.forwardedFor = "198.51.100.2";
        QCOMPARE(b->dispatch(second).status, 200);
        QCOMPARE(b->dispatch(first).status, 429);
        // An untrusted peer's header changes nothing: one bucket for the peer.
        ApiRequest direct = request(Method::Post, "/shows/1/book", "203.0.113.9");
        direct.forwardedFor = "198.51.100.3";
        QCOMPARE(b->dispatch(direct).status, 200);
        direct.forwardedFor = "198.51.100.4";
        QCOMPARE(b->dispatch(direct).status, 429);
    }
};

QTEST_GUILESS_MAIN(TestSecurityGuards)
#include "tst_securityguards.moc"
