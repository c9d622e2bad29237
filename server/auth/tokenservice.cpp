#include "tokenservice.h"

#include "audit/auditrepository.h"
#include "bearertoken.h"
#include "db/transaction.h"
#include "timestamps.h"
#include "tokenrepository.h"

#include <QJsonObject>

namespace {
DomainError unavailable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."),
            {}};
}

DomainError notFound(qint64 id)
{
    return {ErrorCode::TokenNotFound, QStringLiteral("There is no API token %1.").arg(id), {}};
}

QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(Timestamps::toIsoUtc(time)) : QJsonValue(QJsonValue::Null);
}
} // namespace

std::optional<DomainError> TokenService::check(const CreateCommand &command, const QDateTime &now)
{
    const qsizetype length = command.name.toUcs4().size();
    if (length < 1 || length > kMaxNameLength)
        return DomainError{
            ErrorCode::OutOfRange,
            QStringLiteral("name must be 1 to %1 characters long.").arg(kMaxNameLength),
            {{QStringLiteral("field"), QStringLiteral("name")}}};
    if (command.expiresAt.isValid() && command.expiresAt <= now)
        return DomainError{ErrorCode::OutOfRange,
                           QStringLiteral("expires_at must be in the future."),
                           {{QStringLiteral("field"), QStringLiteral("expires_at")}}};
    return std::nullopt;
}

Result<TokenService::Created> TokenService::create(const CreateCommand &command,
                                                   const AuditContext &context)
{
    if (auto error = check(command, QDateTime::currentDateTimeUtc()))
        return *error;
    const QByteArray secret = BearerToken::generate(BearerToken::kApiPrefix);
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    const Result<AuthToken> token = TokenRepository(m_session).insertApi(
        BearerToken::digest(secret), command.name, command.role, context.actor, command.expiresAt);
    if (!token)
        return token.error();
    const auto audited = AuditRepository(m_session).append(
        AuditEntry{context, QStringLiteral("token.create"), QStringLiteral("token"),
                   QString::number(token->id), std::nullopt,
                   QJsonObject{{QStringLiteral("name"), token->name},
                               {QStringLiteral("role"), staffRoleName(token->role)},
                               {QStringLiteral("expires_at"), timeOrNull(token->expiresAt)}}});
    if (!audited)
        return audited.error();
    if (!transaction.commit())
        return unavailable();
    return Created{*token, secret};
}

Result<QList<AuthToken>> TokenService::list()
{
    return TokenRepository(m_session).listApi();
}

Result<AuthToken> TokenService::revoke(qint64 id, const AuditContext &context)
{
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    TokenRepository tokens(m_session);
    const auto revoked = tokens.revoke(id, AuthToken::Kind::Api);
    if (!revoked)
        return revoked.error();
    if (!*revoked) {
        const auto existing = tokens.findById(id);
        if (!existing)
            return existing.error();
        if (!*existing || (*existing)->kind != AuthToken::Kind::Api)
            return notFound(id);
        return **existing; // revoked before: nothing changes, nothing to audit
    }
    const auto audited = AuditRepository(m_session).append(AuditEntry{
        context, QStringLiteral("token.revoke"), QStringLiteral("token"), QString::number(id),
        QJsonObject{{QStringLiteral("revoked_at"), QJsonValue::Null}},
        QJsonObject{{QStringLiteral("name"), (*revoked)->name},
                    {QStringLiteral("revoked_at"), timeOrNull((*revoked)->revokedAt)}}});
    if (!audited)
        return audited.error();
    if (!transaction.commit())
        return unavailable();
    return **revoked;
}
