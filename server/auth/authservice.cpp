#include "authservice.h"

#include "audit/auditrepository.h"
#include "bearertoken.h"
#include "db/transaction.h"
#include "timestamps.h"
#include "tokenrepository.h"

namespace {
DomainError unavailable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."),
            {}};
}
} // namespace

Result<AuthService::LoggedIn> AuthService::login(const QString &username, const QString &password,
                                                 int sessionHours, const AuditContext &context)
{
    // The slow part (Argon2id) and the failure bookkeeping, outside the
    // transaction that stores the session.
    const Result<StaffUser> user = m_verify(m_session, username, password, context);
    if (!user)
        return user.error();
    const QByteArray token = BearerToken::generate(BearerToken::kSessionPrefix);
    const QDateTime expiresAt =
        QDateTime::currentDateTimeUtc().addSecs(qint64(sessionHours) * 3600);

    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    const Result<AuthToken> session = TokenRepository(m_session).insertSession(
        BearerToken::digest(token), user->id, user->role, user->username, expiresAt);
    if (!session)
        return session.error();
    // The login's actor is the user now known, not the anonymous caller.
    AuditContext who = context;
    who.actor = user->username;
    who.actorRole = staffRoleName(user->role);
    const auto audited = AuditRepository(m_session).append(AuditEntry{
        who, QStringLiteral("auth.login"), QStringLiteral("user"), QString::number(user->id),
        std::nullopt,
        QJsonObject{{QStringLiteral("token_id"), session->id},
                    {QStringLiteral("expires_at"), Timestamps::toIsoUtc(session->expiresAt)}}});
    if (!audited)
        return audited.error();
    if (!transaction.commit())
        return unavailable();
    return LoggedIn{token, *session};
}

Result<AuthToken> AuthService::logout(const Principal &principal, const AuditContext &context)
{
    if (principal.kind != Principal::Kind::Session && principal.kind != Principal::Kind::ApiToken)
        return DomainError{ErrorCode::Forbidden,
                           QStringLiteral("The bootstrap token is not revoked by logging out; "
                                          "restart the server with a new BOXOFFICE_ADMIN_TOKEN."),
                           {}};
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    TokenRepository tokens(m_session);
    const auto revoked = tokens.revoke(principal.tokenId);
    if (!revoked)
        return revoked.error();
    if (!*revoked) {
        // Revoked meanwhile by someone else: the caller's wish holds already.
        const auto existing = tokens.findById(principal.tokenId);
        if (!existing)
            return existing.error();
        if (!*existing)
            return DomainError{ErrorCode::TokenNotFound, QStringLiteral("No such token."), {}};
        return **existing;
    }
    const auto audited = AuditRepository(m_session).append(AuditEntry{
        context, QStringLiteral("auth.logout"), QStringLiteral("token"),
        QString::number(principal.tokenId),
        QJsonObject{{QStringLiteral("revoked_at"), QJsonValue::Null}},
        QJsonObject{{QStringLiteral("revoked_at"), Timestamps::toIsoUtc((*revoked)->revokedAt)}}});
    if (!audited)
        return audited.error();
    if (!transaction.commit())
        return unavailable();
    return **revoked;
}
