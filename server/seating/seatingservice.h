#pragma once

#include "audit/auditentry.h"
#include "result.h"
#include "seatingcatalog.h"
#include "seatingplan.h"
#include "seatingplanrepository.h"
#include "seatstaterepository.h"
#include "showseatsrepository.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QStringList>

#include <optional>

class DatabaseSession;

// The rules of reserved seating outside the booking path (issue 17): creating
// and reading seating plans, a seated show's seat map, and an admin's blocks.
// Knows nothing of HTTP; the SQL is the seating repositories'.
//
// Made per operation on a worker thread with that thread's DatabaseSession
// (DbExecutor::run), like ShowService. Plans and which plan a show has come
// from the process-wide SeatingCatalog, so a seat map costs one query (the
// seats that are not free), whatever the size of the plan.
class SeatingService
{
public:
    // A seated show's seats as they are now.
    struct SeatMap
    {
        qint64 showId = 0;
        SeatingCatalog::PlanPointer plan;
        QHash<qint64, SeatStateRepository::State> taken; // by plan_seats id; absent = free

        SeatStateRepository::State stateOf(const PlanSeat &seat) const
        {
            return taken.value(seat.id, SeatStateRepository::State::Free);
        }
    };
    // Seats to block (the sound desk, a camera) and seats to free again, by label.
    struct BlockCommand
    {
        qint64 showId = 0;
        QStringList block;
        QStringList unblock;
    };
    // A seated show's capacity after its blocks changed.
    struct Blocked
    {
        qint64 showId = 0;
        qint64 planId = 0;
        ShowSeatsRepository::Capacity capacity;
    };
    // Labels in one change, block and unblock together: a whole plan's worth.
    static constexpr int kMaxLabelsPerChange = 20000;

    explicit SeatingService(DatabaseSession &session) : m_session(session) {}

    // Reads the body (SeatingPlanJson: strict, every problem a 400), stores
    // the plan and caches it, so its first seat map needs no read.
    // Audited as plan.create, in the plan's own transaction.
    Result<SeatingPlan> createPlan(const QJsonObject &body, const AuditContext &who);
    Result<QList<SeatingPlanRepository::Summary>> listPlans();
    // PlanNotFound when there is none.
    Result<SeatingCatalog::PlanPointer> plan(qint64 id);
    // ShowNotFound, or NotFound (details.reason "general_admission") for a
    // show without a plan.
    Result<SeatMap> seatMap(qint64 showId);
    // All or nothing, under the show's lock, with its audit row (show.seats)
    // in the same transaction. A seat a live booking holds cannot be blocked
    // (SeatsTaken, details.seats names them); blocking a blocked seat or
    // freeing a free one changes nothing.
    Result<Blocked> setBlocks(const BlockCommand &command, const AuditContext &who = {});

    // The first rule a command breaks without looking at the plan, or nothing.
    static std::optional<DomainError> check(const BlockCommand &command);

private:
    // The show's cached plan; ShowNotFound, or generalAdmission when it has none.
    Result<SeatingCatalog::PlanPointer> planOfShow(qint64 showId,
                                                   const DomainError &generalAdmission);

    DatabaseSession &m_session;
};
