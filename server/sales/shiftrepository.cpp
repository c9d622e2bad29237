#include "shiftrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"
#include "timestamps.h"

namespace {
const QString kColumns = QStringLiteral("id, owner, clerk, opening_float, %1, %2, counted_cash")
                             .arg(SqlValues::epochMs(QStringLiteral("opened_at")),
                                  SqlValues::epochMs(QStringLiteral("closed_at")));

// The audit row goes in with the change, in one statement.
const QString kOpen =
    QStringLiteral("WITH s AS (INSERT INTO shifts (owner, clerk, opening_float)"
                   "           VALUES (?::text, ?::text, ?::bigint) RETURNING *),"
                   " a AS (INSERT INTO audit_log (actor, actor_role, action, target_type,"
                   "       target_id, after, client_address, request_id)"
                   "       SELECT coalesce(nullif(?::text, ''), 'anonymous'), nullif(?::text, ''),"
                   "              'shift.open', 'shift', s.id::text,"
                   "              jsonb_build_object('opening_float', s.opening_float),"
                   "              nullif(?::text, ''), nullif(?::text, '') FROM s)"
                   " SELECT %1 FROM s")
        .arg(kColumns);
const QString kOpenOf =
    QStringLiteral("SELECT %1 FROM shifts WHERE owner = ?::text AND closed_at IS NULL")
        .arg(kColumns);
const QString kFind = QStringLiteral("SELECT %1 FROM shifts WHERE id = ?::bigint").arg(kColumns);
const QString kList = QStringLiteral("SELECT %1 FROM shifts"
                                     " WHERE (?::boolean OR owner = ?::text)"
                                     " ORDER BY opened_at DESC, id DESC LIMIT ?::integer")
                          .arg(kColumns);
const QString kClose =
    QStringLiteral("WITH s AS (UPDATE shifts SET closed_at = clock_timestamp(),"
                   "           counted_cash = ?::bigint"
                   "           WHERE id = ?::bigint AND closed_at IS NULL RETURNING *),"
                   " a AS (INSERT INTO audit_log (actor, actor_role, action, target_type,"
                   "       target_id, after, client_address, request_id)"
                   "       SELECT coalesce(nullif(?::text, ''), 'anonymous'), nullif(?::text, ''),"
                   "              'shift.close', 'shift', s.id::text,"
                   "              jsonb_build_object('counted_cash', s.counted_cash),"
                   "              nullif(?::text, ''), nullif(?::text, '') FROM s)"
                   " SELECT %1 FROM s")
        .arg(kColumns);

Shift shiftFromRow(const QSqlQuery &row)
{
    Shift shift;
    shift.id = row.value(0).toLongLong();
    shift.owner = row.value(1).toString();
    shift.clerk = row.value(2).toString();
    shift.openingFloat = row.value(3).toLongLong();
    shift.openedAt = SqlValues::toUtc(row.value(4));
    shift.closedAt = SqlValues::toUtc(row.value(5));
    if (!row.value(6).isNull())
        shift.countedCash = row.value(6).toLongLong();
    return shift;
}

QVariantList auditArguments(const AuditContext &who)
{
    return {who.actor, who.actorRole, who.clientAddress, who.requestId};
}

Result<Shift> notFound(qint64 id)
{
    return Result<Shift>::failure(ErrorCode::ShiftNotFound,
                                  QStringLiteral("Shift %1 does not exist.").arg(id));
}
} // namespace

QJsonObject Shift::toJson() const
{
    const auto time = [](const QDateTime &at) {
        return at.isValid() ? QJsonValue(Timestamps::toIsoUtc(at)) : QJsonValue(QJsonValue::Null);
    };
    return {{QStringLiteral("id"), id},
            {QStringLiteral("clerk"), clerk},
            {QStringLiteral("status"), isOpen() ? QStringLiteral("open") : QStringLiteral("closed")},
            {QStringLiteral("opened_at"), time(openedAt)},
            {QStringLiteral("closed_at"), time(closedAt)},
            {QStringLiteral("opening_float"), openingFloat},
            {QStringLiteral("counted_cash"),
             countedCash ? QJsonValue(*countedCash) : QJsonValue(QJsonValue::Null)}};
}

Result<Shift> ShiftRepository::open(const QString &owner, const QString &clerk,
                                    qint64 openingFloat, const AuditContext &who)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kOpen, QVariantList{owner, clerk, openingFloat} + auditArguments(who),
                                SqlRunner::Kind::Write);
    if (!query) {
        if (sql.failure() == SqlFailure::UniqueViolation)
            return Result<Shift>::failure(
                ErrorCode::ShiftAlreadyOpen,
                QStringLiteral("You have an open shift already: close it before opening another."));
        return sql.toDomainError();
    }
    if (!query->next())
        return sql.toDomainError();
    return shiftFromRow(*query);
}

Result<std::optional<Shift>> ShiftRepository::openShiftOf(const QString &owner)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kOpenOf, {owner}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return std::optional<Shift>();
    return std::optional<Shift>(shiftFromRow(*query));
}

Result<Shift> ShiftRepository::find(qint64 id)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kFind, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return notFound(id);
    return shiftFromRow(*query);
}

Result<QList<Shift>> ShiftRepository::list(const QString &owner, int limit)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kList, {owner.isEmpty(), owner.isEmpty() ? QStringLiteral("") : owner, limit},
                 SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QList<Shift> shifts;
    while (query->next())
        shifts << shiftFromRow(*query);
    return shifts;
}

Result<Shift> ShiftRepository::close(qint64 id, qint64 countedCash, const AuditContext &who)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kClose, QVariantList{countedCash, id} + auditArguments(who),
                                SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    if (query->next())
        return shiftFromRow(*query);
    const auto existing = find(id);
    if (!existing)
        return existing;
    return Result<Shift>::failure(ErrorCode::ShiftClosed,
                                  QStringLiteral("Shift %1 is closed already.").arg(id));
}
