#include "auditresponsedecoder.h"

#include "apierror.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
Result<Api::AuditPage> malformed(const QString &what)
{
    return ApiError::make(ApiError::Kind::BadResponse,
                          QStringLiteral("The server's audit answer is malformed: %1.").arg(what));
}
} // namespace

Result<Api::AuditPage> AuditResponseDecoder::page(const QByteArray &body)
{
    const QJsonDocument document = QJsonDocument::fromJson(body);
    const QJsonObject object = document.object();
    if (!document.isObject() || !object.value(QLatin1String("entries")).isArray())
        return malformed(QStringLiteral("no entries list"));
    Api::AuditPage page;
    for (const QJsonValue &value : object.value(QLatin1String("entries")).toArray()) {
        const QJsonObject row = value.toObject();
        Api::AuditEntry entry;
        entry.id = row.value(QLatin1String("id")).toInteger();
        entry.at = Timestamps::parseIsoWithOffset(row.value(QLatin1String("at")).toString());
        entry.actor = row.value(QLatin1String("actor")).toString();
        entry.action = row.value(QLatin1String("action")).toString();
        if (entry.id <= 0 || !entry.at.isValid() || entry.action.isEmpty())
            return malformed(QStringLiteral("an entry without id, time or action"));
        entry.actorRole = row.value(QLatin1String("actor_role")).toString();
        entry.targetType = row.value(QLatin1String("target_type")).toString();
        entry.targetId = row.value(QLatin1String("target_id")).toString();
        entry.before = row.value(QLatin1String("before"));
        entry.after = row.value(QLatin1String("after"));
        entry.clientAddress = row.value(QLatin1String("client_address")).toString();
        entry.requestId = row.value(QLatin1String("request_id")).toString();
        page.entries << entry;
    }
    page.nextCursor = object.value(QLatin1String("next_cursor")).toString();
    return page;
}
