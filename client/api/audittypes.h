#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>

// Shapes of GET /admin/audit (admin): the audit log, read-only, newest first.
namespace Api {

// One row of the audit log.
struct AuditEntry
{
    qint64 id = 0;
    QDateTime at;
    QString actor;     // a username, "token:<name>", "bootstrap-admin", "anonymous"
    QString actorRole; // empty when none was recorded
    QString action;    // "show.update", "booking.cancel", ...
    QString targetType;
    QString targetId;
    QJsonValue before = QJsonValue::Null; // an object of the fields that changed, or Null
    QJsonValue after = QJsonValue::Null;
    QString clientAddress;
    QString requestId;

    bool operator==(const AuditEntry &) const = default;
};

// What to ask for; empty fields are no filter. target is "TYPE" or "TYPE:ID".
struct AuditFilter
{
    QString actor;
    QString action;
    QString target;
    QDateTime since; // inclusive; invalid = no bound
    QDateTime until; // exclusive; invalid = no bound
    int limit = 100;
};

struct AuditPage
{
    QList<AuditEntry> entries;
    QString nextCursor; // empty on the last page
};

} // namespace Api
