#pragma once

#include "audit/auditentry.h"
#include "booking.h"
#include "bookingaccess.h"
#include "result.h"

#include <QList>
#include <QStringList>

#include <optional>

class DatabaseSession;

// All SQL on the bookings table, including every statement that takes seat
// locks (through the functions in sql/002_booking_functions.sql). Runs on a
// worker thread with that thread's session.
class BookingRepository
{
public:
    struct BookRequest
    {
        qint64 showId = 0;
        QString userName;
        int seats = 0;
        int holdSeconds = 120;
        QString reference;           // drawn by the caller (BookingService)
        QString idempotencyKey;      // null when the client sent none
        QString requestHash;         // fingerprint of the request the key stands for
        qint64 createdByTokenId = 0; // the caller's auth_tokens.id; 0 = none
        QByteArray accessTokenHash;  // an anonymous booking's access token digest; empty = none
        // Seated shows (issue 17): the plan seats to hold (seats is their
        // count), chosen by best-available or picked; empty for general admission.
        QList<qint64> seatIds;
        bool bestAvailable = false;
        // Its batch has seated shows: the with-seats function judges it, so a
        // seated entry without seats (its choice failed; sent for a keyed
        // replay) is refused, never booked by count.
        bool seatedBatch = false;
        // Counter sales (issue 18): the categories asked for, as
        // book_tickets_batch takes them ('[["adult",2],["child",1]]'); null:
        // the show's default category for every seat.
        QString ticketsJson;
    };
    struct BookResult
    {
        Booking booking;
        bool replayed = false; // an earlier request with the same Idempotency-Key made it
        // Who made the booking (for judging a replay): its created_by_token_id
        // (0 = none) and whether it has an access token (an anonymous booking),
        // with that token's digest, which a replay never changes (migration 010).
        qint64 createdByTokenId = 0;
        bool hasAccessToken = false;
        QByteArray accessTokenHash;
    };
    struct Page
    {
        QList<Booking> bookings;
        qint64 total = 0;
    };

    explicit BookingRepository(DatabaseSession &session) : m_session(session) {}

    // No value (std::nullopt) when the reference is already taken: nothing was
    // written, and the caller draws another one.
    Result<std::optional<BookResult>> book(const BookRequest &request);
    // The booking an earlier request with this Idempotency-Key made (replayed),
    // nothing when the key is unknown or its request made no booking, or
    // IdempotencyKeyReused when the key stood for another request.
    Result<std::optional<BookResult>> findReplay(const QString &idempotencyKey,
                                                 const QString &requestHash);
    // What a confirm or cancel did: its answer, and the status it gave the
    // booking when it changed it. A retry of a done confirm or cancel changed
    // nothing; a refusal may have (a hold found past its deadline is expired).
    struct Settlement
    {
        Result<Booking> booking;
        std::optional<Booking::Status> changedTo;
    };

    // Bookings outside the caller's scope are BookingNotFound, like missing ones.
    // A change is recorded in the audit log as who (in the same call); a refusal is not.
    Settlement confirm(qint64 id, const BookingAccess &access, const AuditContext &who);
    Settlement cancel(qint64 id, const BookingAccess &access, const AuditContext &who);
    Result<Booking> find(qint64 id, const BookingAccess &access);
    Result<Booking> findByReference(const QString &reference, const BookingAccess &access);
    Result<Page> listForShow(qint64 showId, const QStringList &statuses, int limit, int offset);

    // The answer to a booking outcome that is a refusal (book_seats's and
    // book_seats_batch's outcome codes); Internal for an unknown one.
    static DomainError bookingRefusal(const QString &outcome, qint64 showId, int available);
    // The booking an Idempotency-Key replay found, unscoped: the service judges
    // whether the caller may see it (BookingService::mayReplay).
    Result<BookResult> findForReplay(qint64 id);
    // The scope arguments every scoped booking function takes (sql/008):
    // scope name, token id, access-token digest.
    static QVariantList scopeArguments(const BookingAccess &access);
    // The answer to a confirm or cancel outcome that is a refusal
    // (booking_not_found, booking_expired, booking_cancelled).
    static Result<Booking> settleRefusal(const QString &outcome, qint64 id);

private:
    Result<BookResult> findOne(const QString &sql, const QVariant &key,
                               const BookingAccess &access);
    Settlement settle(const QString &sql, const QString &done, qint64 id,
                      const BookingAccess &access, const AuditContext &who);

    DatabaseSession &m_session;
};
