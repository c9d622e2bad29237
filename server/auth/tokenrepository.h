#pragma once

#include "authtoken.h"
#include "result.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>

#include <optional>

class DatabaseSession;

// Owns the SQL of auth_tokens: sessions and API tokens are inserted with the
// SHA-256 of their secret, found by that digest or by id, revoked (never
// deleted: the table refuses DELETE), and their last use recorded in batches.
// Revocations, expiry and role changes are announced on boxoffice_auth by
// migration 007's trigger, not by this class. Used on the thread that owns
// the session, like every repository.
class TokenRepository
{
public:
    explicit TokenRepository(DatabaseSession &session) : m_session(session) {}

    Result<AuthToken> insertSession(const QByteArray &digest, qint64 userId, StaffRole role,
                                    const QString &createdBy, const QDateTime &expiresAt);
    // expiresAt invalid = until revoked.
    Result<AuthToken> insertApi(const QByteArray &digest, const QString &name, StaffRole role,
                                const QString &createdBy, const QDateTime &expiresAt);
    // nullopt when no token has that digest.
    Result<std::optional<AuthToken>> findByDigest(const QByteArray &digest);
    Result<std::optional<AuthToken>> findById(qint64 id);
    // Those of the ids that still exist (rows are never deleted, but a
    // rolled-back insert's announcement can name an id that never committed).
    Result<QList<AuthToken>> findByIds(const QList<qint64> &ids);
    // API tokens only (sessions are not listed), newest first.
    Result<QList<AuthToken>> listApi();
    // Sets revoked_at on a live token (of that kind, when given): the row as
    // it is afterwards, or nullopt when no live token has that id (absent, or
    // revoked already: revoked_at keeps the time of the first revocation).
    Result<std::optional<AuthToken>> revoke(qint64 id, std::optional<AuthToken::Kind> kind = {});
    // Revokes every live session of a user (role change, password reset,
    // disabling): the number revoked. Belongs in the caller's transaction.
    Result<int> revokeSessionsOf(qint64 userId);
    // Records that these tokens were used now (one statement for the batch).
    Result<int> touch(const QList<qint64> &ids);

private:
    Result<std::optional<AuthToken>> findOne(const QString &sql, const QVariantList &binds);
    Result<QList<AuthToken>> findMany(const QString &sql, const QVariantList &binds);

    DatabaseSession &m_session;
};
