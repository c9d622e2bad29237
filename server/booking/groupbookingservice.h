#pragma once

#include "bookingbatchrepository.h"
#include "bookingservice.h"
#include "result.h"

#include <QList>
#include <QStringList>

#include <optional>

class DatabaseSession;

// Group booking (issue 15): many booking commands applied in ONE transaction,
// one statement (book_seats_batch, sql/013), so that bookings for a hot show
// share one commit flush instead of waiting for one each.
//
// Each entry is judged in order, all-or-nothing, exactly as if
// BookingService(session, entry.settings).book(entry.command) had run for each
// entry in turn: a request that does not fit is refused with the available
// seats at its turn while a later smaller one may still fit; Idempotency-Keys
// (a repeated key inside one batch too), sales.paused, ownership, reference
// uniqueness and the expiry NOTIFY keep their meaning. A batch that fails as a
// whole (deadlock, serialization failure, a constraint such as a reference
// collision) is retried entry by entry through BookingService::book, so one
// bad request never fails its neighbours. A lost connection fails every entry
// with the same error (nothing is retried blind).
//
// Knows no HTTP; runs on a worker thread with that thread's session.
class GroupBookingService
{
public:
    struct Entry
    {
        BookingService::BookCommand command;
        BookingService::Settings settings; // read once per request, as for book()
    };

    // One entry on its way to the database.
    struct Sent
    {
        qsizetype position = 0; // in the entries
        BookingRepository::BookRequest request;
        QByteArray accessToken;
        std::optional<DomainError> seatRefusal; // its seats could not be chosen (keyed: sent anyway)
        bool mayHold = true;
    };

    explicit GroupBookingService(DatabaseSession &session) : m_session(session) {}

    // One result per entry, in the same order.
    QList<Result<BookingService::Booked>> book(const QList<Entry> &entries);

private:
    // Seated shows (issue 17): picks to seat ids, counts to best-available
    // blocks (SeatAssigner). Entries refused without a key leave sent.
    std::optional<DomainError>
    assignSeats(const QList<Entry> &entries, QList<Sent> &sent,
                QList<std::optional<Result<BookingService::Booked>>> &answers);
    // One statement for sent; answers what is settled, returns the entries
    // whose best-available block was stale.
    QList<Sent> send(const QList<Entry> &entries, const QList<Sent> &sent,
                     QList<std::optional<Result<BookingService::Booked>>> &answers);
    // Stale best-available entries: chosen again and sent in one transaction
    // that holds their shows' locks from before the seats are read.
    void sendUnderLock(const QList<Entry> &entries, QList<Sent> stale,
                       QList<std::optional<Result<BookingService::Booked>>> &answers);
    Result<BookingService::Booked> sendAlone(const Entry &entry, const Sent &one);
    Result<BookingService::Booked> answerFor(const Entry &entry, const Sent &one,
                                             const BookingBatchRepository::Row &row);
    QStringList labelsOf(qint64 showId, const QList<qint64> &seatIds);

    DatabaseSession &m_session;
};
