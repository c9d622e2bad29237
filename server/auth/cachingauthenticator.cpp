#include "cachingauthenticator.h"

#include "bearertoken.h"
#include "db/dbexecutor.h"
#include "tokencache.h"
#include "tokenrepository.h"

#include <QJsonObject>

namespace {
// prefix + 43 base64url characters (BearerToken::generate); anything else
// cannot be one of ours, and is refused without costing a query.
bool wellFormed(const QByteArray &token)
{
    const bool knownPrefix =
        token.startsWith(BearerToken::kSessionPrefix) || token.startsWith(BearerToken::kApiPrefix);
    constexpr qsizetype kLength = 4 + 43;
    if (!knownPrefix || token.size() != kLength)
        return false;
    for (qsizetype i = 4; i < token.size(); ++i) {
        const char c = token.at(i);
        const bool base64url = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                               (c >= '0' && c <= '9') || c == '-' || c == '_';
        if (!base64url)
            return false;
    }
    return true;
}
} // namespace

CachingAuthenticator::CachingAuthenticator(QByteArray adminToken, TokenCache &cache,
                                           DbExecutor &executor)
    : m_bootstrap(std::move(adminToken)), m_cache(cache), m_executor(executor)
{
}

DomainError CachingAuthenticator::refused(const QString &reason)
{
    QString message = QStringLiteral("The token is not valid.");
    if (reason == QLatin1String("revoked"))
        message = QStringLiteral("The token was revoked; log in again.");
    else if (reason == QLatin1String("expired"))
        message = QStringLiteral("The token has expired; log in again.");
    return DomainError{ErrorCode::Unauthorized, message,
                       QJsonObject{{QStringLiteral("reason"), reason}}};
}

Result<Principal> CachingAuthenticator::judge(const AuthToken &token)
{
    if (token.isRevoked())
        return refused(QStringLiteral("revoked"));
    if (token.isExpiredAt(QDateTime::currentDateTimeUtc()))
        return refused(QStringLiteral("expired"));
    return token.principal();
}

QFuture<Result<Principal>>
CachingAuthenticator::authenticate(const QByteArray &authorization,
                                   const std::shared_ptr<std::atomic<bool>> &abandoned) const
{
    if (auto known = m_bootstrap.resolve(authorization))
        return QtFuture::makeReadyFuture(std::move(*known));
    const QByteArray token = BearerToken::fromAuthorization(authorization);
    if (!wellFormed(token))
        return QtFuture::makeReadyFuture(Result<Principal>(refused(QStringLiteral("unknown"))));
    const QByteArray digest = BearerToken::digest(token);
    if (const auto cached = m_cache.find(digest)) {
        Result<Principal> verdict = judge(cached->token);
        if (verdict)
            cached->used->store(true, std::memory_order_relaxed);
        return QtFuture::makeReadyFuture(std::move(verdict));
    }
    TokenCache *cache = &m_cache;
    const quint64 generation = m_cache.generation();
    return m_executor.run(DbExecutor::Ticket{abandoned},
                          [cache, digest, generation](DatabaseSession &session) {
                              const auto found = TokenRepository(session).findByDigest(digest);
                              if (!found)
                                  return Result<Principal>(found.error());
                              if (!*found)
                                  return Result<Principal>(refused(QStringLiteral("unknown")));
                              Result<Principal> verdict = judge(**found);
                              // Negative answers are not cached: bad tokens are
                              // the rate limiter's business, not memory's.
                              if (verdict)
                                  cache->insert(digest, **found, generation);
                              return verdict;
                          });
}
