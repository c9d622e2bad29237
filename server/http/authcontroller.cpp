#include "authcontroller.h"

#include "auth/bearertoken.h"
#include "auth/tokencache.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"
#include "timestamps.h"

using namespace ControllerSupport;

namespace {
QJsonValue orNull(const QString &text)
{
    return text.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(text);
}

// A credential field: a string, taken as typed (a password is never trimmed).
Result<QString> credential(const QJsonObject &body, const QString &field)
{
    const QJsonValue value = body.value(field);
    const QJsonObject details{{QStringLiteral("field"), field}};
    if (value.isUndefined() || value.isNull())
        return Result<QString>::failure(ErrorCode::MissingField,
                                        QStringLiteral("%1 is required.").arg(field), details);
    if (!value.isString())
        return Result<QString>::failure(ErrorCode::InvalidField,
                                        QStringLiteral("%1 must be a string.").arg(field), details);
    return value.toString();
}
} // namespace

void AuthController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Post, QStringLiteral("/auth/login"), Access::Public,
               action(this, &AuthController::login), RateClass::Login);
    router.add(Method::Post, QStringLiteral("/auth/logout"), Access::Authenticated,
               action(this, &AuthController::logout));
    router.add(Method::Get, QStringLiteral("/auth/me"), Access::Authenticated,
               action(this, &AuthController::me));
}

QFuture<ApiResponse> AuthController::login(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto username = credential(*body, QStringLiteral("username"));
    if (!username)
        return ready(username.error());
    const auto password = credential(*body, QStringLiteral("password"));
    if (!password)
        return ready(password.error());
    TokenCache *cache = &m_cache;
    return respond(
        m_executor, request,
        [verify = m_verify, hours = m_sessionHours, username = *username, password = *password,
         context = auditContext(request), cache](DatabaseSession &session) {
            const quint64 generation = cache->generation();
            auto loggedIn = AuthService(session, verify).login(username, password, hours, context);
            // Its first use then needs no lookup.
            if (loggedIn)
                cache->insert(BearerToken::digest(loggedIn->token), loggedIn->session, generation);
            return loggedIn;
        },
        [](const AuthService::LoggedIn &loggedIn) {
            return ApiResponse::json(
                200, QJsonObject{
                         {QStringLiteral("token"), QString::fromLatin1(loggedIn.token)},
                         {QStringLiteral("role"), staffRoleName(loggedIn.session.role)},
                         {QStringLiteral("username"), loggedIn.session.username},
                         {QStringLiteral("expires_at"),
                          Timestamps::toIsoUtc(loggedIn.session.expiresAt)},
                     });
        });
}

QFuture<ApiResponse> AuthController::logout(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, true);
    if (!body)
        return ready(body.error());
    TokenCache *cache = &m_cache;
    return respond(
        m_executor, request,
        [verify = m_verify, principal = request.principal, context = auditContext(request),
         cache](DatabaseSession &session) {
            auto revoked = AuthService(session, verify).logout(principal, context);
            if (revoked)
                cache->markRevoked(revoked->id, revoked->revokedAt);
            return revoked;
        },
        [](const AuthToken &) { return ApiResponse::bytes(204, QByteArray(), QByteArray()); });
}

QFuture<ApiResponse> AuthController::me(const ApiRequest &request)
{
    const Principal &who = request.principal;
    QString kind = QStringLiteral("bootstrap");
    QString username;
    QString name;
    if (who.kind == Principal::Kind::Session) {
        kind = QStringLiteral("session");
        username = who.name;
    } else if (who.kind == Principal::Kind::ApiToken) {
        kind = QStringLiteral("api_token");
        name = who.name;
    }
    const bool hasToken =
        who.kind == Principal::Kind::Session || who.kind == Principal::Kind::ApiToken;
    return QtFuture::makeReadyFuture(ApiResponse::json(
        200, QJsonObject{
                 {QStringLiteral("kind"), kind},
                 {QStringLiteral("username"), orNull(username)},
                 {QStringLiteral("name"), orNull(name)},
                 {QStringLiteral("role"), who.roleName()},
                 {QStringLiteral("expires_at"),
                  who.expiresAt.isValid() ? QJsonValue(Timestamps::toIsoUtc(who.expiresAt))
                                          : QJsonValue(QJsonValue::Null)},
                 {QStringLiteral("token_id"),
                  hasToken ? QJsonValue(who.tokenId) : QJsonValue(QJsonValue::Null)},
             }));
}
