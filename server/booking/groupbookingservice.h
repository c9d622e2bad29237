#pragma once

#include "bookingbatchrepository.h"
#include "bookingservice.h"
#include "result.h"

#include <QList>

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

    explicit GroupBookingService(DatabaseSession &session) : m_session(session) {}

    // One result per entry, in the same order.
    QList<Result<BookingService::Booked>> book(const QList<Entry> &entries);

private:
    Result<BookingService::Booked> answerFor(const Entry &entry,
                                             const BookingRepository::BookRequest &request,
                                             const QByteArray &accessToken,
                                             const BookingBatchRepository::Row &row);

    DatabaseSession &m_session;
};
