// Bookings belong to the token that made them, at the service level against a
// real PostgreSQL: shop A settles its own bookings and gets booking_not_found
// for shop B's (which stay as they were), a clerk settles both, an
// Idempotency-Key is no way into another shop's booking, and the
// no-overbooking invariant holds afterwards.
#include "auth/principal.h"
#include "booking/bookingservice.h"
#include "booking/showservice.h"
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "http/bookingaccesspolicy.h"
#include "testdatabase.h"

#include <QtTest>

#include <memory>

namespace {
QString describe(const DomainError &error)
{
    return errorCodeName(error.code) + QStringLiteral(": ") + error.message;
}
template <typename T> QString describe(const Result<T> &result)
{
    return result ? QStringLiteral("a value") : describe(result.error());
}
template <typename T> bool isNotFound(const Result<T> &result)
{
    return !result && result.error().code == ErrorCode::BookingNotFound;
}
} // namespace

class TestBookingOwnership : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;
    Principal m_shopA;
    Principal m_shopB;
    Principal m_clerk;
    qint64 m_show = 0;

    qint64 sql(const QString &statement) { return TestDatabase::integer(m_url, statement); }

    // An API token row as the tokens service would write it (only a digest).
    qint64 insertShopToken(const QString &name)
    {
        return sql(QStringLiteral("INSERT INTO auth_tokens (kind, token_hash, name, role, "
                                  "created_by) VALUES ('api', sha256(convert_to('%1', 'UTF8')), "
                                  "'%1', 'shop', 'test') RETURNING id")
                       .arg(name));
    }

    static Principal shop(qint64 tokenId, const QString &name)
    {
        Principal principal;
        principal.kind = Principal::Kind::ApiToken;
        principal.role = StaffRole::Shop;
        principal.tokenId = tokenId;
        principal.name = name;
        return principal;
    }

    BookingAccess access(const Principal &principal) const
    {
        return BookingAccessPolicy::forPrincipal(principal, PublicBooking::Off);
    }

    BookingService service() { return BookingService(*m_session, {120, 20}); }

    Result<BookingService::Booked> bookAs(const Principal &principal, const QString &name,
                                          int seats, const QByteArray &key = {})
    {
        return service().book({m_show, name, seats, key, access(principal)});
    }

    QString statusOf(qint64 bookingId)
    {
        const QVariant status = TestDatabase::scalar(
            m_url, QStringLiteral("SELECT status FROM bookings WHERE id = %1").arg(bookingId));
        return status.toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_session = std::make_unique<DatabaseSession>(DatabaseSettings::fromUrl(QUrl(m_url)),
                                                      QStringLiteral("ownership-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
        const qint64 a = insertShopToken(QStringLiteral("shop-a"));
        const qint64 b = insertShopToken(QStringLiteral("shop-b"));
        QVERIFY2(
            a > 0 && b > 0 && a != b,
            qPrintable(QStringLiteral("expected two token ids, seen %1 and %2").arg(a).arg(b)));
        m_shopA = shop(a, QStringLiteral("shop-a"));
        m_shopB = shop(b, QStringLiteral("shop-b"));
        m_clerk.kind = Principal::Kind::Session;
        m_clerk.role = StaffRole::Clerk;
        m_clerk.name = QStringLiteral("clerk");
        const auto show = ShowService(*m_session)
                              .create({QStringLiteral("Ownership"),
                                       QDateTime::fromSecsSinceEpoch(1893526200, Qt::UTC), 50});
        QVERIFY2(show, qPrintable(describe(show)));
        m_show = show->id;
    }

    void cleanupTestCase()
    {
        const QStringList problems = invariantViolations(TestDatabase::open(m_url));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
        const qint64 reserved =
            sql(QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(m_show));
        const qint64 held = sql(QStringLiteral("SELECT coalesce(sum(seats), 0) FROM bookings "
                                               "WHERE show_id = %1 AND status IN "
                                               "('PENDING', 'CONFIRMED')")
                                    .arg(m_show));
        QVERIFY2(reserved == held,
                 qPrintable(QStringLiteral("expected reserved_seats = held seats, seen %1 and %2")
                                .arg(reserved)
                                .arg(held)));
        m_session.reset();
    }

    void aBookingRecordsTheTokenThatMadeIt()
    {
        const auto booked = bookAs(m_shopA, QStringLiteral("Recorded"), 1);
        QVERIFY2(booked, qPrintable(describe(booked)));
        QVERIFY2(booked->accessToken.isEmpty(), "a shop's booking has no access token");
        QCOMPARE(sql(QStringLiteral("SELECT created_by_token_id FROM bookings WHERE id = %1")
                         .arg(booked->booking.id)),
                 m_shopA.tokenId);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM bookings WHERE id = %1 AND "
                                    "access_token_hash IS NULL")
                         .arg(booked->booking.id)),
                 1);
    }

    void aShopSettlesItsOwnAndCannotSeeAnothers()
    {
        const auto ownToConfirm = bookAs(m_shopA, QStringLiteral("A1"), 2);
        const auto ownToCancel = bookAs(m_shopA, QStringLiteral("A2"), 3);
        const auto others = bookAs(m_shopB, QStringLiteral("B1"), 4);
        QVERIFY2(ownToConfirm && ownToCancel && others, "expected three bookings");
        const BookingAccess a = access(m_shopA);
        const qint64 otherId = others->booking.id;

        const auto confirmed = service().confirm(ownToConfirm->booking.id, a);
        QVERIFY2(confirmed, qPrintable(describe(confirmed)));
        QCOMPARE(confirmed->status, Booking::Status::Confirmed);
        const auto cancelled = service().cancel(ownToCancel->booking.id, a);
        QVERIFY2(cancelled, qPrintable(describe(cancelled)));
        QCOMPARE(cancelled->status, Booking::Status::Cancelled);
        const auto read = service().get(ownToConfirm->booking.id, a);
        QVERIFY2(read, qPrintable(describe(read)));

        const auto get = service().get(otherId, a);
        QVERIFY2(isNotFound(get),
                 qPrintable("get: expected booking_not_found, seen " + describe(get)));
        const auto byReference = service().getByReference(others->booking.reference, a);
        QVERIFY2(
            isNotFound(byReference),
            qPrintable("by reference: expected booking_not_found, seen " + describe(byReference)));
        const auto confirm = service().confirm(otherId, a);
        QVERIFY2(isNotFound(confirm),
                 qPrintable("confirm: expected booking_not_found, seen " + describe(confirm)));
        const auto cancel = service().cancel(otherId, a);
        QVERIFY2(isNotFound(cancel),
                 qPrintable("cancel: expected booking_not_found, seen " + describe(cancel)));
        QCOMPARE(statusOf(otherId), QStringLiteral("PENDING"));
        // The same answer as for a booking that does not exist at all.
        QCOMPARE(service().get(otherId + 100000, a).error().message,
                 QStringLiteral("Booking %1 does not exist.").arg(otherId + 100000));
    }

    void aClerkSettlesEveryonesBookings()
    {
        const auto ofA = bookAs(m_shopA, QStringLiteral("CA"), 1);
        const auto ofB = bookAs(m_shopB, QStringLiteral("CB"), 1);
        QVERIFY2(ofA && ofB, "expected two bookings");
        const BookingAccess clerk = access(m_clerk);
        const auto confirmed = service().confirm(ofA->booking.id, clerk);
        QVERIFY2(confirmed, qPrintable(describe(confirmed)));
        QCOMPARE(statusOf(ofA->booking.id), QStringLiteral("CONFIRMED"));
        const auto cancelled = service().cancel(ofB->booking.id, clerk);
        QVERIFY2(cancelled, qPrintable(describe(cancelled)));
        QCOMPARE(statusOf(ofB->booking.id), QStringLiteral("CANCELLED"));
        const auto read = service().getByReference(ofA->booking.reference, clerk);
        QVERIFY2(read, qPrintable(describe(read)));
    }

    void anIdempotencyKeyIsNoWayIntoAnotherShopsBooking()
    {
        const QByteArray key("ownership-key-1");
        const auto first = bookAs(m_shopA, QStringLiteral("Keyed"), 2, key);
        QVERIFY2(first, qPrintable(describe(first)));
        const auto again = bookAs(m_shopA, QStringLiteral("Keyed"), 2, key);
        QVERIFY2(again && again->replayed && again->booking.id == first->booking.id,
                 qPrintable("expected shop A's replay, seen " + describe(again)));
        const auto stolen = bookAs(m_shopB, QStringLiteral("Keyed"), 2, key);
        QVERIFY2(!stolen && stolen.error().code == ErrorCode::IdempotencyKeyReused,
                 qPrintable("expected idempotency_key_reused, seen " + describe(stolen)));
        // A clerk may see every booking, so a replay for them is a replay.
        const auto clerk = bookAs(m_clerk, QStringLiteral("Keyed"), 2, key);
        QVERIFY2(clerk && clerk->replayed, qPrintable(describe(clerk)));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM bookings WHERE user_name = 'Keyed'")), 1);
    }

    void aHolderOpensOnlyItsOwnBooking()
    {
        Principal anonymous = Principal::anonymous();
        const BookingAccess anonymousAccess =
            BookingAccessPolicy::forPrincipal(anonymous, PublicBooking::Token);
        const auto mine = service().book({m_show, QStringLiteral("Anon"), 1, {}, anonymousAccess});
        const auto other = bookAs(m_shopA, QStringLiteral("NotAnon"), 1);
        QVERIFY2(mine && other, "expected two bookings");
        QVERIFY2(mine->accessToken.startsWith("bka_"),
                 qPrintable("expected an access token, seen " + mine->accessToken));
        Principal holder;
        holder.kind = Principal::Kind::BookingHolder;
        holder.bookingAccessHash =
            QCryptographicHash::hash(mine->accessToken, QCryptographicHash::Sha256);
        const BookingAccess holderAccess =
            BookingAccessPolicy::forPrincipal(holder, PublicBooking::Token);
        QVERIFY(isNotFound(service().get(other->booking.id, holderAccess)));
        QVERIFY(isNotFound(service().cancel(other->booking.id, holderAccess)));
        QCOMPARE(statusOf(other->booking.id), QStringLiteral("PENDING"));
        const auto cancelled = service().cancel(mine->booking.id, holderAccess);
        QVERIFY2(cancelled, qPrintable(describe(cancelled)));
        // Anonymous callers outside "open" mode see nothing.
        QVERIFY(isNotFound(service().get(other->booking.id, anonymousAccess)));
    }
};

QTEST_GUILESS_MAIN(TestBookingOwnership)
#include "tst_bookingownership.moc"
