#pragma once

#include "principal.h"

#include <QDateTime>
#include <QString>

// One row of auth_tokens as the server uses it (never the secret: only its
// SHA-256 is stored, and this struct does not even carry that).
struct AuthToken
{
    enum class Kind
    {
        Session, // a staff user's login
        Api,     // a named token for another program
    };
    qint64 id = 0;
    Kind kind = Kind::Api;
    qint64 userId = 0; // Session: staff_users.id
    QString username;  // Session: the user's name (joined from staff_users)
    bool userDisabled = false;
    QString name; // Api: the token's name
    StaffRole role = StaffRole::Clerk;
    QString createdBy; // the actor who made it
    QDateTime createdAt;
    QDateTime expiresAt;  // invalid = never (API tokens only)
    QDateTime revokedAt;  // invalid = not revoked
    QDateTime lastUsedAt; // invalid = never used (recorded at most once a minute)

    bool isRevoked() const { return revokedAt.isValid() || userDisabled; }
    bool isExpiredAt(const QDateTime &now) const { return expiresAt.isValid() && expiresAt <= now; }

    // Who a request carrying this token is.
    Principal principal() const
    {
        Principal who;
        who.kind = kind == Kind::Session ? Principal::Kind::Session : Principal::Kind::ApiToken;
        who.role = role;
        who.tokenId = id;
        who.userId = userId;
        who.name = kind == Kind::Session ? username : name;
        who.expiresAt = expiresAt;
        return who;
    }
};
