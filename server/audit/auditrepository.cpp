#include "auditrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"
#include "timestamps.h"

#include <QJsonDocument>
#include <QStringList>

namespace {
const QString kAppend = QStringLiteral(
    "INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, before, after, "
    "client_address, request_id) "
    "VALUES (?::text, ?::text, ?::text, ?::text, ?::text, ?::jsonb, ?::jsonb, ?::text, ?::text) "
    "RETURNING id");

// The page query is put together from these fixed pieces, so each filter
// that is given can use its index; every value is a bound parameter.
const QString kListColumns =
    QStringLiteral("SELECT id, %1, actor, actor_role, action, target_type, target_id, "
                   "before::text, after::text, client_address, request_id FROM audit_log")
        .arg(SqlValues::epochMs(QStringLiteral("at")));
const QString kByActor = QStringLiteral("actor = ?::text");
const QString kByAction = QStringLiteral("action = ?::text");
const QString kByTargetType = QStringLiteral("target_type = ?::text");
const QString kByTargetId = QStringLiteral("target_id = ?::text");
const QString kSince = QStringLiteral("at >= ?::timestamptz");
const QString kUntil = QStringLiteral("at < ?::timestamptz");
const QString kBeforeId = QStringLiteral("id < ?::bigint");
const QString kNewestFirst = QStringLiteral(" ORDER BY id DESC LIMIT ?::integer");

std::optional<QJsonObject> objectOrNone(const QVariant &text)
{
    if (text.isNull())
        return std::nullopt;
    const QJsonDocument document = QJsonDocument::fromJson(text.toString().toUtf8());
    if (!document.isObject())
        return std::nullopt;
    return document.object();
}

QVariant jsonOrNull(const std::optional<QJsonObject> &object)
{
    if (!object)
        return SqlValues::nullText();
    return QString::fromUtf8(QJsonDocument(*object).toJson(QJsonDocument::Compact));
}

QVariant emptyAsNull(const QString &text)
{
    return text.isEmpty() ? SqlValues::nullText() : QVariant(text);
}
} // namespace

Result<qint64> AuditRepository::append(const AuditEntry &entry)
{
    SqlRunner sql(m_session);
    const AuditContext &who = entry.context;
    QSqlQuery *query =
        sql.exec(kAppend,
                 {who.actor.isEmpty() ? QStringLiteral("anonymous") : who.actor,
                  emptyAsNull(who.actorRole), entry.action, emptyAsNull(entry.targetType),
                  emptyAsNull(entry.targetId), jsonOrNull(entry.before), jsonOrNull(entry.after),
                  emptyAsNull(who.clientAddress), emptyAsNull(who.requestId)},
                 SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return Result<qint64>::failure(ErrorCode::Internal,
                                       QStringLiteral("the audit row was not written"));
    return query->value(0).toLongLong();
}

Result<AuditPage> AuditRepository::list(const AuditQuery &query)
{
    QStringList where;
    QVariantList binds;
    const auto filter = [&](const QString &condition, const QVariant &value) {
        where << condition;
        binds << value;
    };
    if (!query.actor.isNull())
        filter(kByActor, query.actor);
    if (!query.action.isNull())
        filter(kByAction, query.action);
    if (!query.targetType.isNull())
        filter(kByTargetType, query.targetType);
    if (!query.targetId.isNull())
        filter(kByTargetId, query.targetId);
    if (query.since.isValid())
        filter(kSince, Timestamps::toIsoUtc(query.since));
    if (query.until.isValid())
        filter(kUntil, Timestamps::toIsoUtc(query.until));
    if (query.beforeId)
        filter(kBeforeId, *query.beforeId);
    QString statement = kListColumns;
    if (!where.isEmpty())
        statement += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    statement += kNewestFirst;
    binds << query.limit + 1; // one more than asked says whether there is a next page

    SqlRunner sql(m_session);
    QSqlQuery *rows = sql.exec(statement, binds, SqlRunner::Kind::Read);
    if (!rows)
        return sql.toDomainError();
    AuditPage page;
    while (rows->next()) {
        if (page.entries.size() == query.limit) {
            page.nextId = page.entries.last().id;
            break;
        }
        AuditRecord record;
        record.id = rows->value(0).toLongLong();
        record.at = SqlValues::toUtc(rows->value(1));
        AuditEntry &entry = record.entry;
        entry.context.actor = rows->value(2).toString();
        entry.context.actorRole = rows->value(3).toString();
        entry.action = rows->value(4).toString();
        entry.targetType = rows->value(5).toString();
        entry.targetId = rows->value(6).toString();
        entry.before = objectOrNone(rows->value(7));
        entry.after = objectOrNone(rows->value(8));
        entry.context.clientAddress = rows->value(9).toString();
        entry.context.requestId = rows->value(10).toString();
        page.entries << record;
    }
    return page;
}
