#pragma once

#include "audit/auditentry.h"
#include "authtoken.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

class DatabaseSession;

// API tokens for other programs (a web shop, a kiosk): made with a name, a
// role and an optional expiry, the secret (boa_...) shown once and stored
// only as its SHA-256; listed without secrets; revoked, never deleted. Each
// change writes its audit row (token.create, token.revoke) in its own
// transaction. Knows nothing of HTTP; the SQL is TokenRepository's.
//
// Short-lived: one per operation on a database worker thread.
class TokenService
{
public:
    static constexpr int kMaxNameLength = 100;

    struct CreateCommand
    {
        QString name; // trimmed, 1..100 characters
        StaffRole role = StaffRole::Shop;
        QDateTime expiresAt; // invalid = until revoked; else in the future
    };
    struct Created
    {
        AuthToken token;
        QByteArray secret; // shown once
    };

    explicit TokenService(DatabaseSession &session) : m_session(session) {}

    // The first rule the command breaks, or nothing.
    static std::optional<DomainError> check(const CreateCommand &command, const QDateTime &now);

    Result<Created> create(const CreateCommand &command, const AuditContext &context);
    Result<QList<AuthToken>> list();
    // The token as revoked (already revoked: as it was, and no audit row);
    // token_not_found unless an API token has that id.
    Result<AuthToken> revoke(qint64 id, const AuditContext &context);

private:
    DatabaseSession &m_session;
};
