#pragma once

#include "result.h"

#include <optional>

class DatabaseSession;

// The SQL of a seated show's capacity (shows, seating_plans of sql/018): the
// numbers an admin's blocks change, read inside the caller's transaction. The
// show's other fields are ShowRepository's, which seating/ does not include.
// Runs on a worker thread with that thread's session.
class ShowSeatsRepository
{
public:
    struct Capacity
    {
        int totalSeats = 0;    // the plan's seats minus the blocked ones
        int reservedSeats = 0; // held + sold
        int planSeats = 0;
        bool cancelled = false;

        int blockedSeats() const { return planSeats - totalSeats; }
        int availableSeats() const { return cancelled ? 0 : totalSeats - reservedSeats; }
    };

    explicit ShowSeatsRepository(DatabaseSession &session) : m_session(session) {}

    // Takes the show's row lock for the caller's transaction, in the order
    // every writer of seats takes it (the show row before seat_assignments).
    // Nothing when there is no such show or it is general admission.
    Result<std::optional<Capacity>> lockCapacity(qint64 showId);

private:
    DatabaseSession &m_session;
};
