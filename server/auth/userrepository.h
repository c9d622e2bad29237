#pragma once

#include "result.h"
#include "staffuser.h"

#include <QList>
#include <QString>

#include <optional>

class DatabaseSession;

// Owns the SQL of staff_users and login_failures, plus the one statement on
// auth_tokens that account changes need (revoking a user's sessions in the
// same transaction). A user read here carries its login_failures row
// (failures, and locked_until while the lock lasts). Used on the thread that
// owns the session, like the session.
class UserRepository
{
public:
    struct Credentials
    {
        StaffUser user;
        QString passwordHash;
    };
    // One name's failed logins after recordFailure().
    struct Failures
    {
        int failures = 0;
        QDateTime lockedUntil; // invalid: not locked
    };

    explicit UserRepository(DatabaseSession &session) : m_session(session) {}

    Result<QList<StaffUser>> list();
    // forUpdate: lock the row until the transaction ends.
    Result<std::optional<StaffUser>> find(qint64 id, bool forUpdate = false);
    Result<std::optional<Credentials>> findCredentials(const QString &username);
    // UsernameTaken when the name exists.
    Result<StaffUser> insert(const QString &username, StaffRole role, const QString &passwordHash);
    Result<bool> update(qint64 id, StaffRole role, bool disabled);
    Result<bool> setPasswordHash(qint64 id, const QString &passwordHash);
    // Number of sessions revoked.
    Result<int> revokeSessions(qint64 userId);

    // Serialises every change that could leave no enabled admin (until the
    // transaction ends), then counts the enabled admins as committed now.
    Result<int> lockAndCountEnabledAdmins();

    // Seconds until the lock on this name ends; 0 when it is not locked.
    Result<int> lockedForSeconds(const QString &name);
    // Counts one failure for name: a run of failures starts again when the
    // previous one is older than windowSeconds or its lock has ended; the
    // maxFailures-th failure in a run locks the name for lockSeconds.
    Result<Failures> recordFailure(const QString &name, int maxFailures, int windowSeconds,
                                   int lockSeconds);
    // Forgets the failures of name (a good login, or an admin's unlock).
    Result<bool> clearFailures(const QString &name);

private:
    DatabaseSession &m_session;
};
