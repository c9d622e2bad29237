#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// What the security endpoints answer (docs/api.md, issue 13): who a token
// belongs to, staff accounts and API tokens.

// GET /auth/me. kind: "session" | "api_token" | "bootstrap".
struct StaffIdentity
{
    QString kind;
    QString username; // sessions only
    QString name;     // API tokens only
    QString role;     // "admin" | "clerk" | "shop"
    QDateTime expiresAt;
    qint64 tokenId = 0;

    static std::optional<StaffIdentity> fromJson(const QJsonObject &object);
    // What the window shows: "alice (clerk)", "kiosk-1 (shop)", "bootstrap admin".
    QString displayName() const;
};

// POST /auth/login.
struct LoginGrant
{
    QByteArray token;
    QString role;
    QString username;
    QDateTime expiresAt;

    static std::optional<LoginGrant> fromJson(const QJsonObject &object);
};

// One entry of GET /admin/users.
struct StaffUser
{
    qint64 id = 0;
    QString username;
    QString role;
    bool disabled = false;
    QDateTime createdAt;
    QDateTime updatedAt;
    QDateTime passwordChangedAt;
    int failedLogins = 0;
    QDateTime lockedUntil; // invalid: not locked

    static std::optional<StaffUser> fromJson(const QJsonObject &object);
    bool isLocked(const QDateTime &now) const { return lockedUntil.isValid() && lockedUntil > now; }
};

// One entry of GET /admin/tokens; `secret` only in the answer that created it.
struct ApiTokenInfo
{
    qint64 id = 0;
    QString name;
    QString role;
    QString createdBy;
    QDateTime createdAt;
    QDateTime expiresAt;
    QDateTime revokedAt;
    QDateTime lastUsedAt;
    QByteArray secret;

    static std::optional<ApiTokenInfo> fromJson(const QJsonObject &object);
};
