#include "adminauditcontroller.h"

#include "audit/auditservice.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"
#include "timestamps.h"

#include <QJsonArray>

using namespace ControllerSupport;

namespace {
DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}

// A parameter as sent (percent-decoded); null when absent.
QString parameter(const ApiRequest &request, const QString &name)
{
    if (!request.query.hasQueryItem(name))
        return QString();
    const QString value = request.query.queryItemValue(name, QUrl::FullyDecoded);
    return value.isNull() ? QLatin1String("") : value;
}

Result<QDateTime> bound(const ApiRequest &request, const QString &name)
{
    const QString text = parameter(request, name);
    if (text.isNull())
        return QDateTime();
    const QDateTime time = Timestamps::parseIsoWithOffset(text);
    if (!time.isValid())
        return fieldError(ErrorCode::InvalidField, name,
                          QStringLiteral("%1 must be an ISO 8601 time with an offset "
                                         "(2026-12-01T20:00:00Z).")
                              .arg(name));
    return time;
}

QJsonValue textOrNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

QJsonValue objectOrNull(const std::optional<QJsonObject> &object)
{
    return object ? QJsonValue(*object) : QJsonValue(QJsonValue::Null);
}

QJsonObject entryJson(const AuditRecord &record)
{
    const AuditEntry &entry = record.entry;
    return {
        {QStringLiteral("id"), record.id},
        {QStringLiteral("at"), Timestamps::toIsoUtc(record.at)},
        {QStringLiteral("actor"), entry.context.actor},
        {QStringLiteral("actor_role"), textOrNull(entry.context.actorRole)},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("target_type"), textOrNull(entry.targetType)},
        {QStringLiteral("target_id"), textOrNull(entry.targetId)},
        {QStringLiteral("before"), objectOrNull(entry.before)},
        {QStringLiteral("after"), objectOrNull(entry.after)},
        {QStringLiteral("client_address"), textOrNull(entry.context.clientAddress)},
        {QStringLiteral("request_id"), textOrNull(entry.context.requestId)},
    };
}

Result<AuditQuery> queryFrom(const ApiRequest &request)
{
    AuditQuery query;
    query.actor = parameter(request, QStringLiteral("actor"));
    query.action = parameter(request, QStringLiteral("action"));
    const QString target = parameter(request, QStringLiteral("target"));
    if (!target.isNull() && !query.setTarget(target))
        return fieldError(ErrorCode::InvalidField, QStringLiteral("target"),
                          QStringLiteral("target must be TYPE or TYPE:ID (booking:42)."));
    const auto since = bound(request, QStringLiteral("since"));
    if (!since)
        return since.error();
    query.since = *since;
    const auto until = bound(request, QStringLiteral("until"));
    if (!until)
        return until.error();
    query.until = *until;
    const auto limit = RequestParsing::queryInt(
        request, QStringLiteral("limit"), AuditQuery::kDefaultLimit, 1, AuditQuery::kMaxLimit);
    if (!limit)
        return limit.error();
    query.limit = *limit;
    const QString cursor = parameter(request, QStringLiteral("cursor"));
    if (!cursor.isNull()) {
        query.beforeId = AuditQuery::idFromCursor(cursor);
        if (!query.beforeId)
            return fieldError(ErrorCode::InvalidField, QStringLiteral("cursor"),
                              QStringLiteral("That cursor is not one this server gave out."));
    }
    if (auto error = query.check())
        return *error;
    return query;
}
} // namespace

void AdminAuditController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/admin/audit"),
               Router::Access::Admin, action(this, &AdminAuditController::list));
}

QFuture<ApiResponse> AdminAuditController::list(const ApiRequest &request)
{
    const auto query = queryFrom(request);
    if (!query)
        return ready(query.error());
    return respond(
        m_executor, request,
        [query = *query](DatabaseSession &session) { return AuditService(session).list(query); },
        [](const AuditPage &page) {
            QJsonArray entries;
            for (const AuditRecord &record : page.entries)
                entries.append(entryJson(record));
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("entries"), entries},
                                 {QStringLiteral("next_cursor"),
                                  page.nextId ? QJsonValue(AuditQuery::cursorAfter(*page.nextId))
                                              : QJsonValue(QJsonValue::Null)}});
        });
}
