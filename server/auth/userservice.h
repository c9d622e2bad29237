#pragma once

#include "audit/auditentry.h"
#include "loginthrottle.h"
#include "result.h"
#include "staffuser.h"

#include <QList>
#include <QString>

#include <optional>

class DatabaseSession;

// The rules of staff accounts: usernames and passwords are checked, passwords
// hashed (Argon2id, PasswordHasher), the last enabled admin is kept, a change
// of role, a disabling or a new password revokes the user's sessions, logins
// are verified under the LoginThrottle, and every change writes its audit row
// in its own transaction. Knows nothing of HTTP; the SQL is UserRepository's.
//
// Short-lived: one per operation on a database worker thread (hashing takes
// about 0.1 s and must never run on the HTTP thread), with that thread's
// DatabaseSession. The checks that need no database are static, so a
// controller refuses bad input before it takes a queue slot.
class UserService
{
public:
    struct CreateCommand
    {
        QString username; // as typed; lower-cased here
        QString password;
        StaffRole role = StaffRole::Clerk;
    };
    struct UpdateCommand
    {
        std::optional<StaffRole> role;
        std::optional<bool> disabled;
    };

    static constexpr int kMinPasswordLength = 10; // code points
    static constexpr int kMaxPasswordLength = 1024;
    static constexpr int kMaxUsernameLength = 64;

    explicit UserService(DatabaseSession &session, LoginThrottle::Rule throttle = {})
        : m_session(session), m_throttle(throttle)
    {
    }

    // Lower case, as the server stores and compares names.
    static QString normaliseUsername(const QString &typed) { return typed.toLower(); }
    // invalid_field (field "username") unless 1..64 of [a-z0-9._@-] starting
    // with a letter or digit, after lower-casing.
    static std::optional<DomainError> checkUsername(const QString &typed);
    // weak_password under 10 code points, out_of_range over 1024.
    static std::optional<DomainError> checkPassword(const QString &password);
    // Users are admins or clerks; "shop" is for API tokens only.
    static std::optional<DomainError> checkUserRole(StaffRole role);
    static std::optional<DomainError> check(const CreateCommand &command);

    Result<QList<StaffUser>> list();
    Result<StaffUser> get(qint64 id);
    Result<StaffUser> create(const CreateCommand &command, const AuditContext &context);
    Result<StaffUser> update(qint64 id, const UpdateCommand &command, const AuditContext &context);
    Result<StaffUser> resetPassword(qint64 id, const QString &password,
                                    const AuditContext &context);
    // Clears the failed logins (and the lock) of the user's name.
    Result<StaffUser> unlock(qint64 id, const AuditContext &context);

    // The user whose name and password these are, if they may log in:
    // invalid_credentials (the same answer for an unknown name, a disabled
    // account and a wrong password, after the same time) or account_locked
    // (details.retry_after, in seconds) while the name is locked. A failure
    // is counted and audited (auth.login_failed, and auth.lockout when it
    // locks the name) in one transaction; a success clears the count (the
    // caller audits the login with its session).
    Result<StaffUser> verifyLogin(const QString &username, const QString &password,
                                  const AuditContext &context);

private:
    Result<StaffUser> reread(qint64 id);
    Result<StaffUser> refuseLogin(const QString &key, const std::optional<StaffUser> &user,
                                  const AuditContext &context);

    DatabaseSession &m_session;
    LoginThrottle::Rule m_throttle;
};
