#include "adminuserscontroller.h"

#include "auth/staffuser.h"
#include "auth/userservice.h"
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

DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}

// A string field as sent: passwords are never trimmed.
Result<QString> stringField(const QJsonObject &body, const QString &field)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        return fieldError(ErrorCode::MissingField, field,
                          QStringLiteral("%1 is required.").arg(field));
    if (!value.isString())
        return fieldError(ErrorCode::InvalidField, field,
                          QStringLiteral("%1 must be a string.").arg(field));
    return value.toString();
}

Result<StaffRole> userRole(const QJsonValue &value)
{
    const QString field = QStringLiteral("role");
    const auto role = value.isString() ? staffRoleFromName(value.toString()) : std::nullopt;
    if (!role || *role == StaffRole::Shop)
        return fieldError(ErrorCode::InvalidField, field,
                          QStringLiteral("role must be \"admin\" or \"clerk\"."));
    return *role;
}

Result<UserService::CreateCommand> createCommand(const QJsonObject &body)
{
    const auto username = stringField(body, QStringLiteral("username"));
    if (!username)
        return username.error();
    const auto password = stringField(body, QStringLiteral("password"));
    if (!password)
        return password.error();
    if (!body.contains(QStringLiteral("role")))
        return fieldError(ErrorCode::MissingField, QStringLiteral("role"),
                          QStringLiteral("role is required."));
    const auto role = userRole(body.value(QStringLiteral("role")));
    if (!role)
        return role.error();
    UserService::CreateCommand command{*username, *password, *role};
    if (const auto error = UserService::check(command))
        return *error;
    return command;
}

Result<UserService::UpdateCommand> updateCommand(const QJsonObject &body)
{
    UserService::UpdateCommand command;
    if (body.contains(QStringLiteral("role"))) {
        const auto role = userRole(body.value(QStringLiteral("role")));
        if (!role)
            return role.error();
        command.role = *role;
    }
    if (body.contains(QStringLiteral("disabled"))) {
        const QJsonValue disabled = body.value(QStringLiteral("disabled"));
        if (!disabled.isBool())
            return fieldError(ErrorCode::InvalidField, QStringLiteral("disabled"),
                              QStringLiteral("disabled must be true or false."));
        command.disabled = disabled.toBool();
    }
    if (!command.role && !command.disabled)
        return fieldError(ErrorCode::MissingField, QStringLiteral("role"),
                          QStringLiteral("Say what to change: role, disabled or both."));
    return command;
}

ApiResponse userResponse(int status, const StaffUser &user)
{
    return ApiResponse::json(status, AdminUsersController::userJson(user));
}
} // namespace

QJsonObject AdminUsersController::userJson(const StaffUser &user)
{
    return QJsonObject{{QStringLiteral("id"), user.id},
                       {QStringLiteral("username"), user.username},
                       {QStringLiteral("role"), staffRoleName(user.role)},
                       {QStringLiteral("disabled"), user.disabled},
                       {QStringLiteral("created_at"), timeOrNull(user.createdAt)},
                       {QStringLiteral("updated_at"), timeOrNull(user.updatedAt)},
                       {QStringLiteral("password_changed_at"), timeOrNull(user.passwordChangedAt)},
                       {QStringLiteral("failed_logins"), user.failedLogins},
                       {QStringLiteral("locked_until"), timeOrNull(user.lockedUntil)}};
}

void AdminUsersController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Get, QStringLiteral("/admin/users"), Access::Admin,
               action(this, &AdminUsersController::list));
    router.add(Method::Post, QStringLiteral("/admin/users"), Access::Admin,
               action(this, &AdminUsersController::create));
    router.add(Method::Patch, QStringLiteral("/admin/users/:id"), Access::Admin,
               action(this, &AdminUsersController::update));
    router.add(Method::Post, QStringLiteral("/admin/users/:id/password"), Access::Admin,
               action(this, &AdminUsersController::resetPassword));
    router.add(Method::Post, QStringLiteral("/admin/users/:id/unlock"), Access::Admin,
               action(this, &AdminUsersController::unlock));
}

QFuture<ApiResponse> AdminUsersController::list(const ApiRequest &request)
{
    return respond(
        m_executor, request, [](DatabaseSession &session) { return UserService(session).list(); },
        [](const QList<StaffUser> &users) {
            QJsonArray array;
            for (const StaffUser &user : users)
                array.append(userJson(user));
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("users"), array}});
        });
}

QFuture<ApiResponse> AdminUsersController::create(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto command = createCommand(*body);
    if (!command)
        return ready(command.error());
    return respond(
        m_executor, request,
        [command = *command, context = auditContext(request)](DatabaseSession &session) {
            return UserService(session).create(command, context);
        },
        [](const StaffUser &user) { return userResponse(201, user); });
}

QFuture<ApiResponse> AdminUsersController::update(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto command = updateCommand(*body);
    if (!command)
        return ready(command.error());
    return respond(
        m_executor, request,
        [id = *id, command = *command, context = auditContext(request)](DatabaseSession &session) {
            return UserService(session).update(id, command, context);
        },
        [](const StaffUser &user) { return userResponse(200, user); });
}

QFuture<ApiResponse> AdminUsersController::resetPassword(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto password = stringField(*body, QStringLiteral("password"));
    if (!password)
        return ready(password.error());
    if (const auto error = UserService::checkPassword(*password))
        return ready(*error);
    return respond(
        m_executor, request,
        [id = *id, password = *password,
         context = auditContext(request)](DatabaseSession &session) {
            return UserService(session).resetPassword(id, password, context);
        },
        [](const StaffUser &user) { return userResponse(200, user); });
}

QFuture<ApiResponse> AdminUsersController::unlock(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [id = *id, context = auditContext(request)](DatabaseSession &session) {
            return UserService(session).unlock(id, context);
        },
        [](const StaffUser &user) { return userResponse(200, user); });
}
