#pragma once

#include "result.h"
#include "show.h"

#include <QList>

#include <optional>

class DatabaseSession;

// All SQL on the shows table. Runs on a worker thread with that thread's session.
class ShowRepository
{
public:
    struct Changes
    {
        std::optional<QString> name;
        std::optional<QDateTime> startTime;
        std::optional<int> totalSeats;
    };
    struct Cancellation
    {
        Show show;
        int cancelledBookings = 0;
    };

    explicit ShowRepository(DatabaseSession &session) : m_session(session) {}

    Result<QList<Show>> list();
    Result<Show> find(qint64 id);
    // seatingPlanId 0: general admission; else a seated show, whose totalSeats
    // the caller takes from the plan.
    Result<Show> create(const QString &name, const QDateTime &startTime, int totalSeats,
                        qint64 seatingPlanId = 0);
    Result<Show> update(qint64 id, const Changes &changes);
    Result<Cancellation> cancel(qint64 id);
    // Takes the show's row lock for the caller's transaction: false when there is no such show.
    Result<bool> lock(qint64 id);

private:
    DatabaseSession &m_session;
};
