#pragma once

#include "result.h"

#include <QHash>
#include <QList>
#include <QString>

class DatabaseSession;

// The SQL of seat state (sql/018): which seats of a show are held, sold or
// blocked right now (seat_assignments), and the admin's blocks.
class SeatStateRepository
{
public:
    enum class State
    {
        Free,
        Held,
        Sold,
        Blocked
    };
    struct BlockOutcome
    {
        QString outcome;      // ok, show_not_found, not_seated, show_cancelled, unknown_seats, seats_taken
        QList<qint64> seats;  // the seats unknown_seats or seats_taken names
    };

    explicit SeatStateRepository(DatabaseSession &session) : m_session(session) {}

    // Every seat of the show that is not free, by plan_seats id.
    Result<QHash<qint64, State>> takenSeats(qint64 showId);
    // All or nothing, under the show's lock (set_show_seat_blocks).
    Result<BlockOutcome> setBlocks(qint64 showId, const QList<qint64> &block,
                                   const QList<qint64> &unblock);
    // The labels of each booking's seats, in row and seat order (none for
    // general admission).
    Result<QHash<qint64, QStringList>> seatLabelsOf(const QList<qint64> &bookingIds);

    // Locks the shows' rows in id order, inside the caller's transaction, so
    // that seats read afterwards stay as read until commit (every writer of
    // seats takes its show's lock first). False on a database error.
    bool lockShows(const QList<qint64> &showIds);

    static QString stateName(State state);

private:
    DatabaseSession &m_session;
};
