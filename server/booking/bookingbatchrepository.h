#pragma once

#include "bookingrepository.h"
#include "result.h"

#include <QDateTime>
#include <QList>

#include <variant>

class DatabaseSession;

// The SQL of group booking: one call for a whole batch, its arrays built from
// BookingRepository::BookRequest values: book_seats_batch (sql/013) when no
// request holds named seats, book_seats_batch_with_seats (sql/018) when one does.
class BookingBatchRepository
{
public:
    struct Row
    {
        QString outcome; // book_seats's outcomes, plus sales_paused and unknown_category
        qint64 bookingId = 0;
        int available = 0;
        QDateTime createdAt;
        QDateTime expiresAt;
        // seats_taken, seats_stale, unknown_seats: the plan seats concerned.
        QList<qint64> seats;
        QString category;          // unknown_category: the code the show does not sell
        QList<BookingLine> lines;  // booked, replayed: the booking's lines (issue 18)
    };
    // Why a batch failed as a whole: the caller retries entry by entry unless
    // the connection is gone.
    struct Failure
    {
        bool connectionLost = false;
        DomainError error;
    };

    explicit BookingBatchRepository(DatabaseSession &session) : m_session(session) {}

    // One row per request, in order; mayHold[i] false: request i may only be replayed.
    std::variant<QList<Row>, Failure> book(const QList<BookingRepository::BookRequest> &requests,
                                           const QList<bool> &mayHold);

private:
    DatabaseSession &m_session;
};
