#pragma once

#include "audit/auditentry.h"
#include "authtoken.h"
#include "principal.h"
#include "result.h"
#include "staffuser.h"

#include <QByteArray>
#include <QString>

#include <functional>

class DatabaseSession;

// Logging in and out: a verified username and password become a session
// token (bos_..., only its SHA-256 stored) that lasts sessionHours, and a
// presented session or API token is revoked on logout; both are audited
// (auth.login, auth.logout) in the transaction that stores the change.
// Checking the password, counting failures and the lock are the accounts'
// rules (UserService::verifyLogin), handed in as VerifyLogin so this class
// needs nothing else of them. Knows nothing of HTTP.
//
// Short-lived: one per operation on a database worker thread, with that
// thread's DatabaseSession (verifying a password takes about 0.1 s).
class AuthService
{
public:
    using VerifyLogin =
        std::function<Result<StaffUser>(DatabaseSession &session, const QString &username,
                                        const QString &password, const AuditContext &context)>;
    struct LoggedIn
    {
        QByteArray token; // the secret, shown once in the login answer
        AuthToken session;
    };

    AuthService(DatabaseSession &session, VerifyLogin verify)
        : m_session(session), m_verify(std::move(verify))
    {
    }

    Result<LoggedIn> login(const QString &username, const QString &password, int sessionHours,
                           const AuditContext &context);
    // Revokes the token the principal presented: the row as revoked.
    // Forbidden for the bootstrap token, which only a restart replaces.
    Result<AuthToken> logout(const Principal &principal, const AuditContext &context);

private:
    DatabaseSession &m_session;
    VerifyLogin m_verify;
};
