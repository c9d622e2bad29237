// Token-bucket arithmetic on an injected clock, the bounded key table, and the
// --rate-limits spec: defaults per public-booking mode, good and bad entries.
#include "http/ratelimiter.h"
#include "http/ratelimitpolicy.h"

#include <QtTest>

#include <chrono>
#include <memory>

using namespace std::chrono_literals;

namespace {
// A clock the test moves by hand; shared so the limiter and the test see one time.
struct FakeClock
{
    std::shared_ptr<std::chrono::nanoseconds> now = std::make_shared<std::chrono::nanoseconds>(1s);
    RateLimiter::Clock function() const
    {
        return [now = now] { return *now; };
    }
    void advance(std::chrono::nanoseconds by) const { *now += by; }
};
} // namespace

Q_DECLARE_METATYPE(std::optional<RateLimitRule>)

class TestRateLimiter : public QObject
{
    Q_OBJECT

private slots:
    void burstIsAdmittedThenRefused()
    {
        FakeClock clock;
        RateLimiter limiter(100, clock.function());
        const RateLimitRule rule{2, 5}; // 2/s, burst 5
        for (int i = 0; i < 5; ++i)
            QVERIFY2(!limiter.take("a", rule), qPrintable(QString("request %1 refused").arg(i)));
        const std::optional<int> wait = limiter.take("a", rule);
        QVERIFY2(wait.has_value(), "the 6th request within the burst was admitted");
        QCOMPARE(*wait, 1); // half a second until a token, rounded up
    }

    void refillsAtTheRateAndNoFurtherThanTheBurst()
    {
        FakeClock clock;
        RateLimiter limiter(100, clock.function());
        const RateLimitRule rule{2, 3};
        for (int i = 0; i < 3; ++i)
            QVERIFY(!limiter.take("a", rule));
        QVERIFY(limiter.take("a", rule));
        clock.advance(499ms);
        QVERIFY2(limiter.take("a", rule), "a token came back before half a second");
        clock.advance(1ms);
        QVERIFY2(!limiter.take("a", rule), "no token back after half a second at 2/s");
        clock.advance(1h); // refills to the burst of 3, not 7200
        int admitted = 0;
        while (!limiter.take("a", rule) && admitted < 100)
            ++admitted;
        QCOMPARE(admitted, 3);
    }

    void slowRatesRefillExactly()
    {
        // 10/min adds 1/6 of a token per second: six seconds must give a whole one.
        FakeClock clock;
        RateLimiter limiter(100, clock.function());
        const RateLimitRule rule{10.0 / 60.0, 1};
        QVERIFY(!limiter.take("a", rule));
        for (int i = 0; i < 6; ++i) {
            QVERIFY2(limiter.take("a", rule), qPrintable(QString("admitted after %1 s").arg(i)));
            clock.advance(1s);
        }
        QVERIFY2(!limiter.take("a", rule), "no token back after six seconds at 10/min");
    }

    void retryAfterIsWholeSecondsUntilOneToken()
    {
        FakeClock clock;
        RateLimiter limiter(100, clock.function());
        const RateLimitRule perMinute{1.0 / 60.0, 1};
        QVERIFY(!limiter.take("a", perMinute));
        QCOMPARE(limiter.take("a", perMinute).value_or(-1), 60);
        clock.advance(59500ms);
        QCOMPARE(limiter.take("a", perMinute).value_or(-1), 1); // 0.5 s rounds up to 1
        const RateLimitRule fast{1000, 1};
        QVERIFY(!limiter.take("b", fast));
        QCOMPARE(limiter.take("b", fast).value_or(-1), 1); // 1 ms is still at least 1 s
    }

    void keysHaveBucketsOfTheirOwn()
    {
        FakeClock clock;
        RateLimiter limiter(100, clock.function());
        const RateLimitRule rule{1, 1};
        QVERIFY(!limiter.take("a", rule));
        QVERIFY(limiter.take("a", rule));
        QVERIFY2(!limiter.take("b", rule), "b paid for a's requests");
    }

    void chargeAndPeekCountEventsAlreadyAnswered()
    {
        FakeClock clock;
        RateLimiter limiter(100, clock.function());
        const RateLimitRule rule{1, 2};
        QVERIFY2(!limiter.peek("a", rule), "an unknown key looked exhausted");
        QCOMPARE(limiter.size(), 0); // a look creates nothing
        for (int i = 0; i < 10; ++i)
            limiter.charge("a", rule);
        // The debt is capped at one burst: 2 - 10 -> -2, so 3 s until one token.
        QCOMPARE(limiter.peek("a", rule).value_or(-1), 3);
        clock.advance(3s);
        QVERIFY2(!limiter.peek("a", rule), "still refused after the debt was repaid");
    }

    void fullBucketsAreForgottenWhenTheTableFills()
    {
        FakeClock clock;
        RateLimiter limiter(10, clock.function());
        const RateLimitRule rule{1, 2};
        for (int i = 0; i < 10; ++i)
            QVERIFY(!limiter.take(QString::number(i), rule));
        QCOMPARE(limiter.size(), 10);
        clock.advance(1s); // every bucket is full again
        QVERIFY(!limiter.take("new", rule));
        QCOMPARE(limiter.size(), 1);
    }

    void theLeastRecentlyUsedGoWhenAllAreInDebt()
    {
        FakeClock clock;
        RateLimiter limiter(10, clock.function());
        const RateLimitRule rule{0.001, 1}; // nobody refills within the test
        for (int i = 0; i < 10; ++i) {
            QVERIFY(!limiter.take(QString::number(i), rule));
            clock.advance(1ms);
        }
        QVERIFY(limiter.take("9", rule)); // the newest key stays refused
        QVERIFY(!limiter.take("new", rule));
        QVERIFY2(limiter.size() <= 10, qPrintable(QString("size %1 > cap 10").arg(limiter.size())));
        QVERIFY2(limiter.take("9", rule).has_value(), "a recently used key was evicted");
        QVERIFY2(!limiter.take("0", rule).has_value(), "the oldest key was not evicted");
    }

    void defaultsFollowThePublicBookingMode()
    {
        const RateLimitPolicy off(PublicBooking::Off);
        QCOMPARE(off.rule(RateLimitClass::Booking, RateLimitScope::Address),
                 std::optional(RateLimitRule{2, 20}));
        QCOMPARE(off.rule(RateLimitClass::Settle, RateLimitScope::Address),
                 std::optional(RateLimitRule{5, 50}));
        QCOMPARE(off.rule(RateLimitClass::Booking, RateLimitScope::Token),
                 std::optional(RateLimitRule{100, 1000}));
        QCOMPARE(off.rule(RateLimitClass::Login, RateLimitScope::Address),
                 std::optional(RateLimitRule{10.0 / 60, 10}));
        QCOMPARE(off.rule(RateLimitClass::AuthFailure, RateLimitScope::Address),
                 std::optional(RateLimitRule{30.0 / 60, 30}));
        const RateLimitPolicy open(PublicBooking::Open);
        QVERIFY(!open.rule(RateLimitClass::Booking, RateLimitScope::Address));
        QVERIFY(!open.rule(RateLimitClass::Settle, RateLimitScope::Address));
        QVERIFY(open.rule(RateLimitClass::Booking, RateLimitScope::Token));
        QVERIFY(open.rule(RateLimitClass::Login, RateLimitScope::Address));
        // Named explicitly, open mode limits anonymous callers too.
        RateLimitPolicy explicitOpen;
        QString error;
        QVERIFY(RateLimitPolicy::parse("booking.address=3/s", PublicBooking::Open, &explicitOpen,
                                       &error));
        QCOMPARE(explicitOpen.rule(RateLimitClass::Booking, RateLimitScope::Address),
                 std::optional(RateLimitRule{3, 3}));
    }

    void goodSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<int>("rateClass");
        QTest::addColumn<int>("scope");
        QTest::addColumn<std::optional<RateLimitRule>>("expected");
        const int address = int(RateLimitScope::Address);
        const int token = int(RateLimitScope::Token);
        QTest::newRow("empty keeps default")
            << "" << int(RateLimitClass::Booking) << address << std::optional(RateLimitRule{2, 20});
        QTest::newRow("per second with burst")
            << "booking.address=5/s:7" << int(RateLimitClass::Booking) << address
            << std::optional(RateLimitRule{5, 7});
        QTest::newRow("burst defaults to N") << "settle.token=30/min" << int(RateLimitClass::Settle)
                                             << token << std::optional(RateLimitRule{0.5, 30});
        QTest::newRow("per hour") << "login.address=3600/h:5" << int(RateLimitClass::Login)
                                  << address << std::optional(RateLimitRule{1, 5});
        QTest::newRow("spaces and case")
            << " Booking.Address = 1/S , login.address=1/min " << int(RateLimitClass::Booking)
            << address << std::optional(RateLimitRule{1, 1});
        QTest::newRow("others keep defaults")
            << "login.address=1/min" << int(RateLimitClass::AuthFailure) << address
            << std::optional(RateLimitRule{0.5, 30});
        QTest::newRow("one off") << "booking.token=off" << int(RateLimitClass::Booking) << token
                                 << std::optional<RateLimitRule>();
        QTest::newRow("all off") << "off" << int(RateLimitClass::Login) << address
                                 << std::optional<RateLimitRule>();
        QTest::newRow("auth failures")
            << "auth_failure.address=5/min:5" << int(RateLimitClass::AuthFailure) << address
            << std::optional(RateLimitRule{5.0 / 60, 5});
    }

    void goodSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(int, rateClass);
        QFETCH(int, scope);
        QFETCH(std::optional<RateLimitRule>, expected);
        RateLimitPolicy policy;
        QString error;
        QVERIFY2(RateLimitPolicy::parse(spec, PublicBooking::Token, &policy, &error),
                 qPrintable(error));
        const auto seen = policy.rule(RateLimitClass(rateClass), RateLimitScope(scope));
        QVERIFY2(seen.has_value() == expected.has_value(),
                 qPrintable(QString("expected %1, seen %2")
                                .arg(expected ? "a limit" : "none", seen ? "a limit" : "none")));
        if (expected) {
            QVERIFY2(
                qFuzzyCompare(seen->perSecond, expected->perSecond),
                qPrintable(
                    QString("rate %1, expected %2").arg(seen->perSecond).arg(expected->perSecond)));
            QCOMPARE(seen->burst, expected->burst);
        }
    }

    void badSpecs_data()
    {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("mentioned"); // a word the error message must contain
        QTest::newRow("no scope") << "login=10/min"
                                  << "login=10/min";
        QTest::newRow("unknown class") << "shows.address=1/s"
                                       << "class";
        QTest::newRow("unknown scope") << "booking.user=1/s"
                                       << "scope";
        QTest::newRow("unknown unit") << "booking.address=1/day"
                                      << "not understood";
        QTest::newRow("zero") << "booking.address=0/s"
                              << "1..";
        QTest::newRow("zero burst") << "booking.address=1/s:0"
                                    << "1..";
        QTest::newRow("too large") << "booking.address=99999999/s"
                                   << "not understood";
        QTest::newRow("negative") << "booking.address=-1/s"
                                  << "not understood";
        QTest::newRow("fraction") << "booking.address=1.5/s"
                                  << "not understood";
        QTest::newRow("login per token") << "login.token=1/s"
                                         << "per address";
        QTest::newRow("auth failure per token") << "auth_failure.token=1/s"
                                                << "per address";
        QTest::newRow("twice") << "booking.address=1/s,booking.address=2/s"
                               << "twice";
        QTest::newRow("garbage after") << "booking.address=1/s:2:3"
                                       << "not understood";
        QTest::newRow("off with rate") << "booking.address=off/s"
                                       << "not understood";
    }

    void badSpecs()
    {
        QFETCH(QString, spec);
        QFETCH(QString, mentioned);
        RateLimitPolicy policy;
        QString error;
        QVERIFY2(!RateLimitPolicy::parse(spec, PublicBooking::Off, &policy, &error),
                 qPrintable(QString("'%1' was accepted").arg(spec)));
        QVERIFY2(error.contains(mentioned),
                 qPrintable(QString("error '%1' does not mention '%2'").arg(error, mentioned)));
    }
};

QTEST_APPLESS_MAIN(TestRateLimiter)
#include "tst_ratelimiter.moc"
