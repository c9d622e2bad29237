#include "stafftypes.h"

#include "timestamps.h"

#include <QCoreApplication>
#include <QJsonValue>

namespace {
// Absent or null: invalid; a malformed timestamp also reads as invalid rather
// than failing the whole entry, as only display depends on it.
QDateTime timeOf(const QJsonObject &object, const QString &key)
{
    const QJsonValue value = object.value(key);
    return value.isString() ? Timestamps::parseIsoWithOffset(value.toString()) : QDateTime();
}

bool hasString(const QJsonObject &object, const QString &key)
{
    return object.value(key).isString();
}
} // namespace

std::optional<StaffIdentity> StaffIdentity::fromJson(const QJsonObject &object)
{
    if (!hasString(object, QStringLiteral("role")))
        return std::nullopt;
    StaffIdentity identity;
    identity.kind = object.value(QStringLiteral("kind")).toString();
    identity.username = object.value(QStringLiteral("username")).toString();
    identity.name = object.value(QStringLiteral("name")).toString();
    identity.role = object.value(QStringLiteral("role")).toString();
    identity.expiresAt = timeOf(object, QStringLiteral("expires_at"));
    identity.tokenId = object.value(QStringLiteral("token_id")).toInteger();
    return identity;
}

QString StaffIdentity::displayName() const
{
    if (kind == QLatin1String("bootstrap"))
        return QCoreApplication::translate("StaffIdentity", "bootstrap admin");
    const QString who = !username.isEmpty() ? username : name;
    return who.isEmpty() ? role : QStringLiteral("%1 (%2)").arg(who, role);
}

std::optional<LoginGrant> LoginGrant::fromJson(const QJsonObject &object)
{
    if (!hasString(object, QStringLiteral("token")) || !hasString(object, QStringLiteral("role")))
        return std::nullopt;
    return LoginGrant{object.value(QStringLiteral("token")).toString().toUtf8(),
                      object.value(QStringLiteral("role")).toString(),
                      object.value(QStringLiteral("username")).toString(),
                      timeOf(object, QStringLiteral("expires_at"))};
}

std::optional<StaffUser> StaffUser::fromJson(const QJsonObject &object)
{
    if (!object.value(QStringLiteral("id")).isDouble() ||
        !hasString(object, QStringLiteral("username")))
        return std::nullopt;
    StaffUser user;
    user.id = object.value(QStringLiteral("id")).toInteger();
    user.username = object.value(QStringLiteral("username")).toString();
    user.role = object.value(QStringLiteral("role")).toString();
    user.disabled = object.value(QStringLiteral("disabled")).toBool();
    user.createdAt = timeOf(object, QStringLiteral("created_at"));
    user.updatedAt = timeOf(object, QStringLiteral("updated_at"));
    user.passwordChangedAt = timeOf(object, QStringLiteral("password_changed_at"));
    user.failedLogins = object.value(QStringLiteral("failed_logins")).toInt();
    user.lockedUntil = timeOf(object, QStringLiteral("locked_until"));
    return user;
}

std::optional<ApiTokenInfo> ApiTokenInfo::fromJson(const QJsonObject &object)
{
    if (!object.value(QStringLiteral("id")).isDouble() ||
        !hasString(object, QStringLiteral("name")))
        return std::nullopt;
    ApiTokenInfo token;
    token.id = object.value(QStringLiteral("id")).toInteger();
    token.name = object.value(QStringLiteral("name")).toString();
    token.role = object.value(QStringLiteral("role")).toString();
    token.createdBy = object.value(QStringLiteral("created_by")).toString();
    token.createdAt = timeOf(object, QStringLiteral("created_at"));
    token.expiresAt = timeOf(object, QStringLiteral("expires_at"));
    token.revokedAt = timeOf(object, QStringLiteral("revoked_at"));
    token.lastUsedAt = timeOf(object, QStringLiteral("last_used_at"));
    token.secret = object.value(QStringLiteral("token")).toString().toUtf8();
    return token;
}
