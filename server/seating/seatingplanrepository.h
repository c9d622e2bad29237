#pragma once

#include "result.h"
#include "seatingplan.h"

#include <QList>

class DatabaseSession;

// The SQL of seating plans (sql/018): seating_plans, plan_sections, plan_seats.
// A plan is written once, whole, in one transaction, and never changed after:
// shows refer to its seats, and the caches (SeatingCatalog) rely on that.
class SeatingPlanRepository
{
public:
    struct Summary
    {
        qint64 id = 0;
        QString name;
        int seatCount = 0;
        int sectionCount = 0;
    };

    explicit SeatingPlanRepository(DatabaseSession &session) : m_session(session) {}

    // The plan as stored, with its id and every seat's id; in the caller's
    // transaction if one is open, else in one of its own.
    Result<SeatingPlan> create(const SeatingPlan &plan);
    Result<QList<Summary>> list();
    // PlanNotFound when there is none.
    Result<SeatingPlan> load(qint64 id);

private:
    DatabaseSession &m_session;
};
