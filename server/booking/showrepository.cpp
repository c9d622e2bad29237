#include "showrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"
#include "db/transaction.h"
#include "timestamps.h"

namespace {
// sold_seats and change_seq are kept on the row by the change feed's
// triggers (migration 017), so listing shows counts no bookings.
const QString kSelectShows =
    QStringLiteral("SELECT s.id, s.name, %1, s.total_seats, s.reserved_seats, s.status,"
                   " s.reserved_seats - s.sold_seats, s.sold_seats, s.change_seq,"
                   " coalesce(s.seating_plan_id, 0)"
                   " FROM shows s")
        .arg(SqlValues::epochMs(QStringLiteral("s.start_time")));

const QString kListShows =
    kSelectShows + QStringLiteral(" ORDER BY s.start_time, s.id");
const QString kFindShow = kSelectShows + QStringLiteral(" WHERE s.id = ?::bigint");

const QString kInsertShow =
    QStringLiteral("INSERT INTO shows (name, start_time, total_seats, seating_plan_id)"
                   " VALUES (?::text, ?::timestamptz, ?::integer, nullif(?::bigint, 0))"
                   " RETURNING id, change_seq");

// Capacity may not drop below what is reserved; the WHERE clause decides that
// under the row lock, so a concurrent booking cannot slip between check and update.
const QString kUpdateShow =
    QStringLiteral("UPDATE shows SET name = coalesce(?::text, name),"
                   " start_time = coalesce(?::timestamptz, start_time),"
                   " total_seats = coalesce(?::integer, total_seats), updated_at = now()"
                   " WHERE id = ?::bigint AND status = 'SCHEDULED'"
                   "   AND reserved_seats <= coalesce(?::integer, total_seats)"
                   " RETURNING id");
const QString kLockShow = QStringLiteral("SELECT 1 FROM shows WHERE id = ?::bigint FOR UPDATE");
const QString kShowState =
    QStringLiteral("SELECT status, reserved_seats FROM shows WHERE id = ?::bigint");

const QString kCancelShow =
    QStringLiteral("SELECT outcome, cancelled_bookings FROM cancel_show(?::bigint)");

Show showFromRow(const QSqlQuery &row)
{
    Show show;
    show.id = row.value(0).toLongLong();
    show.name = row.value(1).toString();
    show.startTime = SqlValues::toUtc(row.value(2));
    show.totalSeats = row.value(3).toInt();
    show.reservedSeats = row.value(4).toInt();
    show.status = Show::statusFromName(row.value(5).toString()).value_or(Show::Status::Scheduled);
    show.heldSeats = row.value(6).toInt();
    show.soldSeats = row.value(7).toInt();
    show.version = row.value(8).toLongLong();
    show.seatingPlanId = row.value(9).toLongLong();
    return show;
}

Result<Show> notFound(qint64 id)
{
    return Result<Show>::failure(ErrorCode::ShowNotFound,
                                 QStringLiteral("Show %1 does not exist.").arg(id));
}
} // namespace

Result<QList<Show>> ShowRepository::list()
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kListShows, {}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QList<Show> shows;
    while (query->next())
        shows << showFromRow(*query);
    return shows;
}

Result<Show> ShowRepository::find(qint64 id)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kFindShow, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return notFound(id);
    return showFromRow(*query);
}

Result<Show> ShowRepository::create(const QString &name, const QDateTime &startTime, int totalSeats,
                                    qint64 seatingPlanId)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kInsertShow, {name, Timestamps::toIsoUtc(startTime), totalSeats, seatingPlanId},
                 SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    Show show;
    show.id = query->value(0).toLongLong();
    show.name = name;
    show.startTime = startTime.toUTC();
    show.totalSeats = totalSeats;
    show.version = query->value(1).toLongLong();
    show.seatingPlanId = seatingPlanId;
    return show;
}

Result<Show> ShowRepository::update(qint64 id, const Changes &changes)
{
    SqlRunner sql(m_session);
    const QVariant name = changes.name ? QVariant(*changes.name) : SqlValues::nullText();
    const QVariant start = changes.startTime ? QVariant(Timestamps::toIsoUtc(*changes.startTime))
                                             : SqlValues::nullText();
    const QVariant seats =
        changes.totalSeats ? QVariant(*changes.totalSeats) : QVariant(QMetaType::fromType<int>());
    // The show is read back before the row lock that the UPDATE took is
    // released, so the answer is this change, not a concurrent one that
    // landed in between. A caller's transaction (ShowService, which adds the
    // audit row) serves as well; transactions do not nest.
    std::optional<Transaction> own;
    if (!m_session.inTransaction())
        own.emplace(m_session);
    if (own && !own->isActive())
        return Result<Show>::failure(
            ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."));
    QSqlQuery *query =
        sql.exec(kUpdateShow, {name, start, seats, id, seats}, SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    if (query->next()) {
        Result<Show> updated = find(id);
        if (updated && own && !own->commit())
            return Result<Show>::failure(
                ErrorCode::DatabaseUnavailable,
                QStringLiteral("The database is unavailable; try again shortly."));
        return updated;
    }

    // Nothing changed: say why, from the row as it is now.
    query = sql.exec(kShowState, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return notFound(id);
    if (query->value(0).toString() == QLatin1String("CANCELLED"))
        return Result<Show>::failure(ErrorCode::ShowCancelled,
                                     QStringLiteral("Show %1 is cancelled.").arg(id));
    const int reserved = query->value(1).toInt();
    return Result<Show>::failure(
        ErrorCode::CapacityBelowReserved,
        QStringLiteral("%1 seats are already held or sold; capacity cannot go below that.")
            .arg(reserved),
        {{QStringLiteral("reserved_seats"), reserved}});
}

Result<bool> ShowRepository::lock(qint64 id)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kLockShow, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    return query->next();
}

Result<ShowRepository::Cancellation> ShowRepository::cancel(qint64 id)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kCancelShow, {id}, SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    if (query->value(0).toString() == QLatin1String("show_not_found"))
        return notFound(id).error();
    const int cancelled = query->value(1).toInt();
    const Result<Show> show = find(id);
    if (!show)
        return show.error();
    return Cancellation{*show, cancelled};
}
