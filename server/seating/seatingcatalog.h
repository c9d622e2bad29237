#pragma once

#include "bestavailable.h"
#include "result.h"
#include "seatingplan.h"

#include <QHash>
#include <QList>
#include <QMutex>
#include <QString>

#include <memory>

class DatabaseSession;

// What every worker needs to book seats and draw seat maps, read once per
// process: which plan a show has (fixed when the show is created: sql/018
// offers no way to change it) and each plan with its indexes (plans are never
// changed after they are written). So the booking path asks the database only
// for what changes, the state of the seats.
//
// Keyed by the database too (host, port, name): one process may talk to
// several (the group-booking equivalence test does), and their ids overlap.
// Thread-safe; used from every worker thread.
class SeatingCatalog
{
public:
    struct LoadedPlan
    {
        explicit LoadedPlan(SeatingPlan loaded);
        SeatingPlan plan;
        QHash<QString, int> indexByLabel; // into plan.seats
        QHash<qint64, int> indexById;
        BestAvailable bestAvailable;
    };
    using PlanPointer = std::shared_ptr<const LoadedPlan>;

    static SeatingCatalog &instance();

    // The plan id of each show that exists (0: general admission); shows that
    // do not exist are left out.
    Result<QHash<qint64, qint64>> plansOfShows(DatabaseSession &session,
                                               const QList<qint64> &showIds);
    // PlanNotFound when there is no such plan.
    Result<PlanPointer> plan(DatabaseSession &session, qint64 planId);
    // A plan just written: cached at once, so the first seat map needs no read.
    void remember(DatabaseSession &session, const SeatingPlan &plan);

private:
    static QString databaseKey(DatabaseSession &session);

    QMutex m_mutex;
    QHash<QString, QHash<qint64, qint64>> m_showPlans; // database -> show -> plan (0 = none)
    QHash<QString, QHash<qint64, PlanPointer>> m_plans;
};
