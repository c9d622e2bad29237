#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

// Who did something, where from, in which request: copied from the request
// (ControllerSupport::auditContext) and handed to services, which know no HTTP.
struct AuditContext
{
    QString actor;         // Principal::actor()
    QString actorRole;     // Principal::roleName()
    QString clientAddress; // ApiRequest::clientAddress
    QString requestId;     // ApiRequest::requestId

    // For changes the server makes on its own (the CLI's "user add", start-up).
    static AuditContext system(const QString &actor)
    {
        return AuditContext{actor, QString(), QString(), QString()};
    }
};

// One row of audit_log. action is "<area>.<verb>" in snake case: show.create,
// show.update, show.cancel, flag.put, flag.delete, booking.confirm,
// booking.cancel, user.create, user.update, user.reset_password, user.disable,
// user.enable, user.unlock, token.create, token.revoke, auth.login,
// auth.login_failed, auth.lockout, auth.logout, plan.create, show.seats.
struct AuditEntry
{
    AuditContext context;
    QString action;
    QString targetType; // show, flag, booking, user, token (empty: none)
    QString targetId;
    std::optional<QJsonObject> before; // never secrets: no password hashes, no tokens
    std::optional<QJsonObject> after;
};
