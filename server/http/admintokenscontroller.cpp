#include "admintokenscontroller.h"

#include "auth/tokencache.h"
#include "auth/tokenservice.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"
#include "timestamps.h"

#include <QJsonArray>

using namespace ControllerSupport;

namespace {
QJsonValue timeOrNull(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(Timestamps::toIsoUtc(time)) : QJsonValue(QJsonValue::Null);
}

// An API token as admins see it: everything but the secret.
QJsonObject tokenJson(const AuthToken &token)
{
    return QJsonObject{
        {QStringLiteral("id"), token.id},
        {QStringLiteral("kind"), QStringLiteral("api")},
        {QStringLiteral("name"), token.name},
        {QStringLiteral("role"), staffRoleName(token.role)},
        {QStringLiteral("created_by"), token.createdBy},
        {QStringLiteral("created_at"), timeOrNull(token.createdAt)},
        {QStringLiteral("expires_at"), timeOrNull(token.expiresAt)},
        {QStringLiteral("revoked_at"), timeOrNull(token.revokedAt)},
        {QStringLiteral("last_used_at"), timeOrNull(token.lastUsedAt)},
    };
}

Result<TokenService::CreateCommand> createCommand(const QJsonObject &body)
{
    JsonFieldReader fields(body);
    const auto name = fields.text(QStringLiteral("name"), 1, TokenService::kMaxNameLength, true);
    const auto roleText = fields.text(QStringLiteral("role"), 1, 20, true);
    const auto expiresAt = fields.timestamp(QStringLiteral("expires_at"), false);
    if (!fields.ok())
        return fields.error();
    const auto role = staffRoleFromName(*roleText);
    if (!role)
        return Result<TokenService::CreateCommand>::failure(
            ErrorCode::InvalidField, QStringLiteral("role must be admin, clerk or shop."),
            {{QStringLiteral("field"), QStringLiteral("role")}});
    return TokenService::CreateCommand{*name, *role, expiresAt.value_or(QDateTime())};
}
} // namespace

void AdminTokensController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Get, QStringLiteral("/admin/tokens"), Access::Admin,
               action(this, &AdminTokensController::list));
    router.add(Method::Post, QStringLiteral("/admin/tokens"), Access::Admin,
               action(this, &AdminTokensController::create));
    router.add(Method::Delete, QStringLiteral("/admin/tokens/:id"), Access::Admin,
               action(this, &AdminTokensController::revoke));
}

QFuture<ApiResponse> AdminTokensController::list(const ApiRequest &request)
{
    return respond(
        m_executor, request, [](DatabaseSession &session) { return TokenService(session).list(); },
        [](const QList<AuthToken> &tokens) {
            QJsonArray array;
            for (const AuthToken &token : tokens)
                array.append(tokenJson(token));
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("tokens"), array}});
        });
}

QFuture<ApiResponse> AdminTokensController::create(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto command = createCommand(*body);
    if (!command)
        return ready(command.error());
    if (const auto error = TokenService::check(*command, QDateTime::currentDateTimeUtc()))
        return ready(*error);
    return respond(
        m_executor, request,
        [command = *command, context = auditContext(request)](DatabaseSession &session) {
            return TokenService(session).create(command, context);
        },
        [](const TokenService::Created &created) {
            QJsonObject json = tokenJson(created.token);
            json.insert(QStringLiteral("token"), QString::fromLatin1(created.secret));
            return ApiResponse::json(201, json);
        });
}

QFuture<ApiResponse> AdminTokensController::revoke(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    TokenCache *cache = &m_cache;
    return respond(
        m_executor, request,
        [id = *id, context = auditContext(request), cache](DatabaseSession &session) {
            auto revoked = TokenService(session).revoke(id, context);
            if (revoked)
                cache->markRevoked(revoked->id, revoked->revokedAt);
            return revoked;
        },
        [](const AuthToken &token) { return ApiResponse::json(200, tokenJson(token)); });
}
