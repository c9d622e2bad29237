#pragma once

#include "result.h"

#include <QList>
#include <QStringList>

class DatabaseSession;

// Turns what booking requests ask for into seats, before the batch goes to
// the database: picked labels into plan seat ids, a count for a seated show
// into the best available block (BestAvailable) among the seats free now and
// not given to an earlier request of the same call. The database checks again
// under the show's lock (book_seats_batch_with_seats): this only chooses.
//
// Knows no HTTP and nothing of bookings; runs on a worker thread with that
// thread's session.
class SeatAssigner
{
public:
    struct Want
    {
        qint64 showId = 0;
        QStringList labels;      // picked seats; empty: best available of count
        int count = 0;
        bool accessible = false; // best available: a block with an accessible seat
    };
    struct Assigned
    {
        qint64 planId = 0;       // 0: general admission, or no such show
        QList<qint64> seatIds;   // empty for general admission
        bool bestAvailable = false;
    };

    explicit SeatAssigner(DatabaseSession &session) : m_session(session) {}

    // One result per want, in order. Refusals: InvalidField (labels for a
    // general-admission show, labels not in the plan: details.seats names
    // them), NotEnoughSeats (no block of count that strands no single seat).
    // A database error fails every want with it.
    QList<Result<Assigned>> assign(const QList<Want> &wants);

    // Whether any of the shows is seated (one cached lookup): lets the
    // booking path keep general admission on its own statement.
    Result<bool> anySeated(const QList<qint64> &showIds);

private:
    DatabaseSession &m_session;
};
