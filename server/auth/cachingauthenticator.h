#pragma once

#include "authenticator.h"
#include "bootstrapauthenticator.h"

class DbExecutor;
class TokenCache;
struct AuthToken;

// The Authenticator the Router uses: the bootstrap token and booking access
// tokens first (BootstrapAuthenticator, no database), then session and API
// tokens from the TokenCache (a ready future), and only for a token not seen
// before one lookup on a DbExecutor worker, whose answer is cached when the
// token is valid. Expiry is judged from the cached expires_at on every
// request, so an expired session is refused even before any announcement.
// A token that is not a well-formed bos_/boa_ token is refused without a query.
//
// authenticate() runs on the HTTP thread; the lookup's continuation on a
// worker. Holds references only: the cache and executor outlive it.
class CachingAuthenticator : public Authenticator
{
public:
    CachingAuthenticator(QByteArray adminToken, TokenCache &cache, DbExecutor &executor);

    QFuture<Result<Principal>>
    authenticate(const QByteArray &authorization,
                 const std::shared_ptr<std::atomic<bool>> &abandoned) const override;

    // The verdict on a token row: its principal, or 401 revoked/expired.
    static Result<Principal> judge(const AuthToken &token);
    static DomainError refused(const QString &reason);

private:
    BootstrapAuthenticator m_bootstrap;
    TokenCache &m_cache;
    DbExecutor &m_executor;
};
