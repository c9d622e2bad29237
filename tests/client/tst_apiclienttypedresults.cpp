// Against the real server: every ApiClient call hands back domain values or
// the server's error code with its numbers, and the clock estimate from the
// Date header agrees with our own clock (same machine) within its stated bounds.
// Flag calls: a key with ':' in the path, If-Match, refusals, history, preview,
// evaluation, and a built-in flag that /config follows.
#include "apiclient.h"
#include "apierror.h"
#include "serverclock.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QJsonObject>
#include <QtTest>

#include <optional>

namespace {
template <typename T> struct Outcome
{
    std::optional<Result<T>> result;
    auto callback()
    {
        return [this](const Result<T> &r) { result = r; };
    }
};

// Runs one call and waits for its answer; returns it.
template <typename T, typename Call> Result<T> await(Call call)
{
    Outcome<T> outcome;
    QObject context;
    call(&context, outcome.callback());
    if (!QTest::qWaitFor([&] { return outcome.result.has_value(); }, 30000))
        return ApiError::make(ApiError::Kind::Timeout, QStringLiteral("test gave up waiting"));
    return *outcome.result;
}

// QVERIFY2 evaluates its message even when the check passes: never touch error() of a success.
template <typename T> QByteArray describe(const Result<T> &result)
{
    if (result)
        return "ok";
    return (errorCodeName(result.error().code) + QLatin1String(": ") + result.error().message)
        .toUtf8();
}
} // namespace

class TestApiClientTypedResults : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    ApiClient *m_api = nullptr;

    Show createShow(const QString &name, int seats)
    {
        ShowDraft draft{name, QDateTime::currentDateTimeUtc().addDays(30), seats};
        const auto created =
            await<Show>([&](QObject *c, auto cb) { m_api->createShow(draft, c, cb); });
        if (!created)
            qWarning() << describe(created);
        return created ? *created : Show{};
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
        m_api = new ApiClient(this);
        m_api->setBaseUrl(m_server.baseUrl());
        m_api->setToken(m_server.adminToken());
    }

    void showLifecycleReturnsShows()
    {
        const Show show = createShow(QStringLiteral("Typed lifecycle"), 40);
        QVERIFY(show.id > 0);
        QCOMPARE(show.totalSeats, 40);
        QCOMPARE(show.availableSeats(), 40);

        const auto listed =
            await<QList<Show>>([&](QObject *c, auto cb) { m_api->fetchShows(c, cb); });
        QVERIFY2(listed, describe(listed));
        QVERIFY(std::any_of(listed->cbegin(), listed->cend(),
                            [&](const Show &s) { return s.id == show.id; }));

        ShowChanges changes;
        changes.name = QStringLiteral("Typed lifecycle (renamed)");
        changes.totalSeats = 45;
        const auto updated =
            await<Show>([&](QObject *c, auto cb) { m_api->updateShow(show.id, changes, c, cb); });
        QVERIFY2(updated, describe(updated));
        QCOMPARE(updated->name, *changes.name);
        QCOMPARE(updated->totalSeats, 45);

        const auto cancelled = await<ShowCancellation>(
            [&](QObject *c, auto cb) { m_api->cancelShow(show.id, c, cb); });
        QVERIFY2(cancelled, describe(cancelled));
        QVERIFY(cancelled->show.isCancelled());
        QCOMPARE(cancelled->cancelledBookings, 0);
    }

    void holdConfirmAndCancelReturnBookings()
    {
        const Show show = createShow(QStringLiteral("Typed holds"), 5);
        QVERIFY(show.id > 0);
        const auto held = await<Booking>([&](QObject *c, auto cb) {
            m_api->holdSeats(show.id, QStringLiteral("Ana"), 3, QStringLiteral("typed-1"), c, cb);
        });
        QVERIFY2(held, describe(held));
        QCOMPARE(held->status, Booking::Status::Pending);
        QCOMPARE(held->seats, 3);
        QVERIFY(!held->reference.isEmpty());
        QVERIFY(held->expiresAt > held->createdAt);

        // The same key again is the same hold, not a second one.
        const auto retried = await<Booking>([&](QObject *c, auto cb) {
            m_api->holdSeats(show.id, QStringLiteral("Ana"), 3, QStringLiteral("typed-1"), c, cb);
        });
        QVERIFY2(retried, describe(retried));
        QCOMPARE(retried->id, held->id);

        const auto tooMany = await<Booking>([&](QObject *c, auto cb) {
            m_api->holdSeats(show.id, QStringLiteral("Bo"), 4, QStringLiteral("typed-2"), c, cb);
        });
        QVERIFY(!tooMany);
        QCOMPARE(tooMany.error().code, ErrorCode::NotEnoughSeats);
        QCOMPARE(tooMany.error().details.value(QStringLiteral("available_seats")).toInt(), 2);

        const auto foundExact = await<Booking>(
            [&](QObject *c, auto cb) { m_api->findBooking(held->reference, c, cb); });
        QVERIFY2(foundExact, describe(foundExact));
        QCOMPARE(foundExact->id, held->id);

        const auto page = await<BookingPage>([&](QObject *c, auto cb) {
            m_api->fetchShowBookings(
                show.id, {{Booking::Status::Pending, Booking::Status::Confirmed}, 1, 0}, c, cb);
        });
        QVERIFY2(page, describe(page));
        QCOMPARE(page->totalCount, 1);

        const auto confirmed =
            await<Booking>([&](QObject *c, auto cb) { m_api->confirmBooking(held->id, c, cb); });
        QVERIFY2(confirmed, describe(confirmed));
        QCOMPARE(confirmed->status, Booking::Status::Confirmed);

        const auto cancelled =
            await<Booking>([&](QObject *c, auto cb) { m_api->cancelBooking(held->id, c, cb); });
        QVERIFY2(cancelled, describe(cancelled));
        QCOMPARE(cancelled->status, Booking::Status::Cancelled);

        const auto confirmAgain =
            await<Booking>([&](QObject *c, auto cb) { m_api->confirmBooking(held->id, c, cb); });
        QVERIFY(!confirmAgain);
        QCOMPARE(confirmAgain.error().code, ErrorCode::BookingCancelled);
    }

    void adminRoutesWithoutTokenAreUnauthorized()
    {
        ApiClient anonymous;
        anonymous.setBaseUrl(m_server.baseUrl());
        const auto created = await<Show>([&](QObject *c, auto cb) {
            anonymous.createShow(
                {QStringLiteral("Nope"), QDateTime::currentDateTimeUtc().addDays(1), 10}, c, cb);
        });
        QVERIFY(!created);
        QCOMPARE(created.error().code, ErrorCode::Unauthorized);
        QCOMPARE(ApiError::httpStatus(created.error()), 401);
    }

    void unknownReferenceIsBookingNotFound()
    {
        const auto found = await<Booking>(
            [&](QObject *c, auto cb) { m_api->findBooking(QStringLiteral("ZZZZZZZZ"), c, cb); });
        QVERIFY(!found);
        QCOMPARE(found.error().code, ErrorCode::BookingNotFound);
    }

    void clockEstimateMatchesOurOwnClock()
    {
        // Same machine, same clock: the true offset is 0, so it must lie within the bounds.
        for (int i = 0; i < 5; ++i) {
            const auto health =
                await<HealthStatus>([&](QObject *c, auto cb) { m_api->health(c, cb); });
            QVERIFY2(health, describe(health));
            QCOMPARE(health->status, QStringLiteral("ok"));
        }
        const ServerClock *clock = m_api->clock();
        QVERIFY(clock->hasEstimate());
        QVERIFY2(std::abs(clock->offsetMs()) <= clock->uncertaintyMs() + 5,
                 qPrintable(QStringLiteral("offset %1 ms, uncertainty %2 ms")
                                .arg(clock->offsetMs())
                                .arg(clock->uncertaintyMs())));
    }

    void configGivesTheServersLimits()
    {
        const auto config =
            await<ServerConfig>([&](QObject *c, auto cb) { m_api->fetchConfig(c, cb); });
        QVERIFY2(config, describe(config));
        QCOMPARE(config->maxSeatsPerBooking, 20);
        QCOMPARE(config->holdSeconds, 120);
        // The fixed limits are the ones both sides take from shared/apilimits.h.
        QCOMPARE(config->maxUserNameLength, Limits::kMaxUserNameLength);
        QCOMPARE(config->maxShowNameLength, Limits::kMaxShowNameLength);
        QCOMPARE(config->maxTotalSeats, Limits::kMaxTotalSeats);
        QCOMPARE(config->referenceLength, Limits::kReferenceLength);
        QVERIFY2(!config->version.isEmpty(), "the server says its version");
    }

    void flagCallsReturnTypedFlags()
    {
        using Api::FeatureFlag;
        // A key with ':' travels percent-encoded in the path.
        const QString key = QStringLiteral("ai:model");
        const QJsonObject rollout{{QStringLiteral("model"), QStringLiteral("m")},
                                  {QStringLiteral("percent"), 1},
                                  {QStringLiteral("model_fallback"), QStringLiteral("n")}};
        const auto created = await<FeatureFlag>(
            [&](QObject *c, auto cb) { m_api->putFlag(key, rollout, 0, c, cb); });
        QVERIFY2(created, describe(created));
        QCOMPARE(created->key, key);
        QCOMPARE(created->percent.value_or(-1), 1.0);
        QCOMPARE(created->source, FeatureFlag::Source::Database);
        QVERIFY(created->version > 0);
        const auto fetched =
            await<FeatureFlag>([&](QObject *c, auto cb) { m_api->fetchFlag(key, c, cb); });
        QVERIFY2(fetched, describe(fetched));
        QCOMPARE(fetched->version, created->version);

        // If-Match with a version it no longer has: 412 and the version it has.
        const auto stale = await<FeatureFlag>([&](QObject *c, auto cb) {
            m_api->putFlag(key, QJsonObject{{QStringLiteral("percent"), 2}},
                           created->version + 1000, c, cb);
        });
        QVERIFY(!stale);
        QCOMPARE(stale.error().code, ErrorCode::VersionConflict);
        QCOMPARE(ApiError::kind(stale.error()), ApiError::Kind::Rejected);
        QCOMPARE(stale.error().details.value(QLatin1String("current_version")).toInteger(),
                 created->version);

        // Refusals come back as the server's codes.
        const auto badKey = await<FeatureFlag>(
            [&](QObject *c, auto cb) { m_api->putFlag(QStringLiteral("Bad Key"), 1, {}, c, cb); });
        QVERIFY(!badKey);
        QCOMPARE(badKey.error().code, ErrorCode::InvalidFlagKey);
        const auto badValue = await<FeatureFlag>([&](QObject *c, auto cb) {
            m_api->putFlag(QStringLiteral("sales.paused.show.12"), QStringLiteral("yes"), {}, c,
                           cb);
        });
        QVERIFY(!badValue);
        QCOMPARE(badValue.error().code, ErrorCode::InvalidFlagValue);

        const auto history = await<Api::FlagHistoryPage>(
            [&](QObject *c, auto cb) { m_api->fetchFlagHistory(key, 50, 0, c, cb); });
        QVERIFY2(history, describe(history));
        QCOMPARE(history->totalCount, 1);
        QCOMPARE(history->changes.first().action, Api::FlagChange::Action::Created);

        const auto preview = await<Api::FlagPreview>([&](QObject *c, auto cb) {
            m_api->previewFlag(key, {QStringLiteral("a"), QStringLiteral("b")}, std::nullopt, c,
                               cb);
        });
        QVERIFY2(preview, describe(preview));
        QCOMPARE(preview->subjectCount, 2);
        QCOMPARE(preview->subjects.size(), 2);
        for (const auto &subject : preview->subjects) {
            // 1 %: inside gets the model, outside the fallback model; never absent.
            const QString model = subject.value.toObject().value(QLatin1String("model")).toString();
            QCOMPARE(model, subject.inside ? QStringLiteral("m") : QStringLiteral("n"));
        }
        const auto values = await<QJsonObject>(
            [&](QObject *c, auto cb) { m_api->evaluateFlags(QStringLiteral("a"), c, cb); });
        QVERIFY2(values, describe(values));
        QCOMPARE(values->value(key), preview->subjects.first().value);

        // A built-in as a bare number: /config follows (the server obeys within 1 s).
        const auto hold = await<FeatureFlag>([&](QObject *c, auto cb) {
            m_api->putFlag(QStringLiteral("booking.hold_seconds"), 45, {}, c, cb);
        });
        QVERIFY2(hold, describe(hold));
        QCOMPARE(hold->effective.toInt(), 45);
        const auto holdSeconds = [&] {
            const auto config =
                await<ServerConfig>([&](QObject *c, auto cb) { m_api->fetchConfig(c, cb); });
            return config ? config->holdSeconds : -1;
        };
        QTRY_COMPARE_WITH_TIMEOUT(holdSeconds(), 45, 10000);
        const auto removed = await<FeatureFlag>([&](QObject *c, auto cb) {
            m_api->deleteFlag(QStringLiteral("booking.hold_seconds"), {}, c, cb);
        });
        QVERIFY2(removed, describe(removed));
        QTRY_COMPARE_WITH_TIMEOUT(holdSeconds(), 120, 10000);

        const auto deleted = await<FeatureFlag>(
            [&](QObject *c, auto cb) { m_api->deleteFlag(key, created->version, c, cb); });
        QVERIFY2(deleted, describe(deleted));
        const auto gone =
            await<FeatureFlag>([&](QObject *c, auto cb) { m_api->fetchFlag(key, c, cb); });
        QVERIFY(!gone);
        QCOMPARE(gone.error().code, ErrorCode::FlagNotFound);
    }
};

QTEST_MAIN(TestApiClientTypedResults)
#include "tst_apiclienttypedresults.moc"
