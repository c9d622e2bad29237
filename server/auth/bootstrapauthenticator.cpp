#include "bootstrapauthenticator.h"

#include "bearertoken.h"

#include <QJsonObject>

BootstrapAuthenticator::BootstrapAuthenticator(QByteArray adminToken)
    : m_adminTokenDigest(adminToken.isEmpty() ? QByteArray() : BearerToken::digest(adminToken))
{
}

std::optional<Result<Principal>>
BootstrapAuthenticator::resolve(const QByteArray &authorization) const
{
    const QByteArray token = BearerToken::fromAuthorization(authorization);
    if (token.isEmpty())
        return Result<Principal>::failure(
            ErrorCode::Unauthorized,
            QStringLiteral("This needs a token: Authorization: Bearer <token>."),
            QJsonObject{{QStringLiteral("reason"), authorization.isEmpty()
                                                       ? QStringLiteral("missing")
                                                       : QStringLiteral("malformed")}});
    // Digests are compared, so the time taken says nothing about how much matched.
    const QByteArray digest = BearerToken::digest(token);
    if (!m_adminTokenDigest.isEmpty() && BearerToken::equalConstantTime(digest, m_adminTokenDigest))
        return Result<Principal>(Principal::bootstrapAdmin());
    if (token.startsWith(BearerToken::kBookingAccessPrefix)) {
        Principal holder;
        holder.kind = Principal::Kind::BookingHolder;
        holder.bookingAccessHash = digest;
        return Result<Principal>(holder);
    }
    return std::nullopt;
}

QFuture<Result<Principal>>
BootstrapAuthenticator::authenticate(const QByteArray &authorization,
                                     const std::shared_ptr<std::atomic<bool>> &) const
{
    if (auto known = resolve(authorization))
        return QtFuture::makeReadyFuture(std::move(*known));
    return QtFuture::makeReadyFuture(Result<Principal>::failure(
        ErrorCode::Unauthorized, QStringLiteral("The token is not valid."),
        QJsonObject{{QStringLiteral("reason"), QStringLiteral("unknown")}}));
}
