#include "auditrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QJsonDocument>

namespace {
const QString kAppend = QStringLiteral(
    "INSERT INTO audit_log (actor, actor_role, action, target_type, target_id, before, after, "
    "client_address, request_id) "
    "VALUES (?::text, ?::text, ?::text, ?::text, ?::text, ?::jsonb, ?::jsonb, ?::text, ?::text) "
    "RETURNING id");

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
