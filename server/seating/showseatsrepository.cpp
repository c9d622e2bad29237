#include "showseatsrepository.h"

#include "db/sqlrunner.h"

#include <QSqlQuery>

namespace {
// FOR UPDATE OF s: the show's row only; plans are never written after creation.
const QString kLockCapacity =
    QStringLiteral("SELECT s.total_seats, s.reserved_seats, p.seat_count, s.status = 'CANCELLED'"
                   "  FROM shows s JOIN seating_plans p ON p.id = s.seating_plan_id"
                   " WHERE s.id = ?::bigint FOR UPDATE OF s");
} // namespace

Result<std::optional<ShowSeatsRepository::Capacity>>
ShowSeatsRepository::lockCapacity(qint64 showId)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kLockCapacity, {showId}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return std::optional<Capacity>();
    return std::optional<Capacity>(Capacity{query->value(0).toInt(), query->value(1).toInt(),
                                            query->value(2).toInt(), query->value(3).toBool()});
}
