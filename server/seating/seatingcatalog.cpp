#include "seatingcatalog.h"

#include "db/databasesession.h"
#include "db/sqlarrayliteral.h"
#include "db/sqlrunner.h"
#include "seatingplanrepository.h"

#include <QMutexLocker>
#include <QSqlDatabase>
#include <QSqlQuery>

namespace {
const QString kShowPlans = QStringLiteral(
    "SELECT id, coalesce(seating_plan_id, 0) FROM shows WHERE id = ANY (?::bigint[])");
} // namespace

SeatingCatalog::LoadedPlan::LoadedPlan(SeatingPlan loaded)
    : plan(std::move(loaded)), bestAvailable(plan)
{
    for (qsizetype i = 0; i < plan.seats.size(); ++i) {
        indexByLabel.insert(plan.seats[i].label, int(i));
        indexById.insert(plan.seats[i].id, int(i));
    }
}

SeatingCatalog &SeatingCatalog::instance()
{
    static SeatingCatalog catalog;
    return catalog;
}

QString SeatingCatalog::databaseKey(DatabaseSession &session)
{
    const QSqlDatabase db = session.database();
    return db.hostName() + QLatin1Char(':') + QString::number(db.port()) + QLatin1Char('/') +
           db.databaseName();
}

Result<QHash<qint64, qint64>> SeatingCatalog::plansOfShows(DatabaseSession &session,
                                                           const QList<qint64> &showIds)
{
    const QString key = databaseKey(session);
    QHash<qint64, qint64> known;
    QList<SqlArrayLiteral::Element> missing;
    {
        QMutexLocker lock(&m_mutex);
        const QHash<qint64, qint64> &cached = m_showPlans[key];
        for (const qint64 id : showIds) {
            const auto found = cached.constFind(id);
            if (found != cached.constEnd())
                known.insert(id, *found);
            else if (!known.contains(id))
                missing << SqlArrayLiteral::number(id);
        }
    }
    if (missing.isEmpty())
        return known;
    SqlRunner sql(session);
    QSqlQuery *query =
        sql.exec(kShowPlans, {SqlArrayLiteral::of(missing)}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QHash<qint64, qint64> read;
    while (query->next())
        read.insert(query->value(0).toLongLong(), query->value(1).toLongLong());
    QMutexLocker lock(&m_mutex);
    QHash<qint64, qint64> &cached = m_showPlans[key];
    for (auto it = read.constBegin(); it != read.constEnd(); ++it) {
        cached.insert(it.key(), it.value());
        known.insert(it.key(), it.value());
    }
    return known;
}

Result<SeatingCatalog::PlanPointer> SeatingCatalog::plan(DatabaseSession &session, qint64 planId)
{
    const QString key = databaseKey(session);
    {
        QMutexLocker lock(&m_mutex);
        if (const PlanPointer found = m_plans[key].value(planId))
            return found;
    }
    const auto loaded = SeatingPlanRepository(session).load(planId);
    if (!loaded)
        return loaded.error();
    auto made = std::make_shared<const LoadedPlan>(*loaded);
    QMutexLocker lock(&m_mutex);
    m_plans[key].insert(planId, made);
    return PlanPointer(made);
}

void SeatingCatalog::remember(DatabaseSession &session, const SeatingPlan &plan)
{
    auto made = std::make_shared<const LoadedPlan>(plan);
    QMutexLocker lock(&m_mutex);
    m_plans[databaseKey(session)].insert(plan.id, made);
}
