#pragma once

#include "audit/auditentry.h"
#include "booking.h"
#include "bookingaccess.h"
#include "bookingrepository.h"
#include "result.h"

#include <QByteArray>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <functional>
#include <optional>

class DatabaseSession;

// The rules of booking seats: the per-booking seat limit, the hold length,
// Idempotency-Key validation and fingerprint, reference generation, and the
// page limits of booking listings. Knows nothing of HTTP: it takes typed
// commands and returns Result values with shared/ error codes; the SQL is the
// BookingRepository's.
//
// Short-lived by design: a caller makes one per operation on a worker thread,
// with that thread's DatabaseSession (DbExecutor::run), so it holds no state
// across requests and needs no locking. The rules that need no database are
// static (check(), fingerprint()), so a controller refuses bad input before it
// takes a queue slot, and unit tests reach them without PostgreSQL; the
// operations check them again, as the service is the authority for every
// caller (the coming group-booking batcher too).
class BookingService
{
public:
    // The rules an operator may change (--hold-seconds, --max-seats-per-booking,
    // and live through the built-in feature flags, see server/flags).
    struct Settings
    {
        int holdSeconds = 120;
        int maxSeatsPerBooking = 20;
        bool salesPaused = false;   // sales.paused: every new hold is refused
        QSet<qint64> pausedShowIds; // sales.paused.show.<id>: new holds for these shows refused
    };
    // Where a caller reads the Settings in force (they change live); read once per request.
    using SettingsSource = std::function<Settings()>;
    struct TicketRequest
    {
        QString category;
        int count = 0;
        bool operator==(const TicketRequest &) const = default;
    };
    struct BookCommand
    {
        qint64 showId = 0;
        QString userName; // already trimmed, one line of text
        int seats = 0;
        // The Idempotency-Key header as it arrived (only SP/HTAB around it
        // stripped by HTTP); empty when there is none.
        QByteArray idempotencyKey;
        // Who books: recorded as the booking's owner, and what a replay may
        // show them. In-process callers (tests, tools) book as staff.
        BookingAccess by = BookingAccess::any();
        // The access token the caller chose for its booking ("bka_" + 43
        // base64url characters), so that the retry of a lost answer can prove
        // it is the booking's holder; none: the server draws one. Only for
        // callers that are issued access tokens; ignored for the others.
        std::optional<QByteArray> accessToken;
        // Reserved seating (issue 17), for seated shows only: the seats picked
        // by label (seats is then their count), or with none picked, seats is
        // the count best-available chooses; accessible asks it for a block with
        // an accessible seat.
        QStringList seatLabels;
        bool accessible = false;
        // Counter sales (issue 18): the ticket categories asked for, in order
        // (seats is then the sum of their counts); empty: the show's default
        // category for every seat.
        QList<TicketRequest> tickets;
    };
    struct Booked
    {
        Booking booking;
        bool replayed = false; // an earlier request with the same Idempotency-Key made it
        // The booking's access token ("bka_..."), in clear, only in the answer
        // that made it, or in a replay to a caller that sent that same token
        // (it chose it); else empty. A replay never changes the token.
        QByteArray accessToken;
    };
    struct ListQuery
    {
        qint64 showId = 0;
        QStringList statuses; // validated status names; empty = every status
        int limit = kDefaultPageSize;
        int offset = 0;
    };
    struct Page
    {
        QList<Booking> bookings;
        qint64 total = 0; // across all pages
    };

    static constexpr int kDefaultPageSize = 50;

    BookingService(DatabaseSession &session, Settings settings)
        : m_session(session), m_settings(settings)
    {
    }

    Result<Booked> book(const BookCommand &command);
    // Scoped: a booking outside `access` is BookingNotFound, like a missing one.
    Result<Booking> get(qint64 id, const BookingAccess &access);
    Result<Booking> getByReference(const QString &reference, const BookingAccess &access);
    // who is recorded in the audit log with the change (booking.confirm, booking.cancel).
    Result<Booking> confirm(qint64 id, const BookingAccess &access, const AuditContext &who = {});
    Result<Booking> cancel(qint64 id, const BookingAccess &access, const AuditContext &who = {});
    Result<Page> listForShow(const ListQuery &query);

    // The first rule a booking command breaks, in field order, or nothing; a
    // pause is judged after the fields, and here only for commands without an
    // Idempotency-Key: a keyed one may be the retry of a hold made before the
    // pause, which book() replays instead of refusing.
    static std::optional<DomainError> check(const BookCommand &command, const Settings &settings);
    // SalesPaused when an operator paused all sales or this show's, else nothing.
    static std::optional<DomainError> checkSalesOpen(qint64 showId, const Settings &settings);
    static std::optional<DomainError> checkIdempotencyKey(const QByteArray &key);
    // A chosen access token must have the shape of the ones the server draws.
    static std::optional<DomainError> checkAccessToken(const QByteArray &token);
    static std::optional<DomainError> checkReference(const QString &reference);
    static std::optional<DomainError> check(const ListQuery &query);
    // What an Idempotency-Key stands for: the same key with another fingerprint
    // is refused. A chosen access token is part of the request (its digest), so
    // a replay without it is a different request.
    // seatChoice: what a seated request asked for beyond the count (its picked
    // labels, or accessible), so that one key cannot stand for two choices.
    static constexpr int kMaxSeatLabelLength = 20;
    // Picked seats: as many as seats, each a label of 1..20 characters, none twice.
    static std::optional<DomainError> checkSeatLabels(const BookCommand &command);
    // Tickets: each a category of 1..40 of [a-z0-9_-] named once, counts of 1
    // or more adding up to seats.
    static std::optional<DomainError> checkTickets(const BookCommand &command);
    // '[["adult",2],["child",1]]', the form the database takes; null for none.
    static QString ticketsJson(const QList<TicketRequest> &tickets);
    static QString fingerprint(qint64 showId, const QString &userName, int seats,
                               const QByteArray &chosenTokenDigest = {},
                               const QByteArray &seatChoice = {});
    // Whether a caller may be shown the booking an Idempotency-Key replay found:
    // staff any, a shop its own, an anonymous caller (token mode) an anonymous
    // booking, without its access token (see replayedAccessToken). Others hear
    // IdempotencyKeyReused.
    static bool mayReplay(const BookingAccess &by, qint64 createdByTokenId, bool hasAccessToken);
    // The access token a replay may show: the caller's own chosen token when
    // it is the booking's; never a new one (that would hand the booking to
    // whoever knows its key).
    static QByteArray replayedAccessToken(const BookCommand &command,
                                          const QByteArray &bookingTokenHash);
    // What the repository stores for a command (owner, key and fingerprint,
    // hold length; reference not yet drawn), and the access token in clear
    // when the caller is issued one (its own chosen one, or a new one).
    static BookingRepository::BookRequest requestFor(const BookCommand &command,
                                                     const Settings &settings,
                                                     QByteArray &accessToken);

private:
public:
    // Counts in boxoffice_bookings_total what a call changed (not what it
    // answered): nothing for a retry.
    static void countChange(std::optional<Booking::Status> changedTo);
    // What an answer about bookings shows beyond their rows: seated bookings'
    // seat labels (issue 17), and lines and payments (issue 18); one query
    // each for any number of bookings. Used by the sales operations too.
    static void attachDetails(DatabaseSession &session, QList<Booking> &bookings);
    static Result<Booking> withDetails(DatabaseSession &session, Result<Booking> found);

private:

    DatabaseSession &m_session;
    Settings m_settings;
};
