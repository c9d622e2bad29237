#pragma once

#include "apiresponse.h"

#include <QFuture>
#include <QJsonObject>

class DbExecutor;
class Router;
struct ApiRequest;
struct StaffUser;

// Admin routes of staff accounts under /admin/users: list, create, change
// role or disabled, reset a password, unlock a locked name. Parses, calls
// UserService on the executor (hashing runs there, never on the HTTP thread),
// maps the result; the Router has already checked the admin role. Lives on
// the HTTP thread; the actions only read members set at construction.
class AdminUsersController
{
public:
    explicit AdminUsersController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> list(const ApiRequest &request);
    QFuture<ApiResponse> create(const ApiRequest &request);
    QFuture<ApiResponse> update(const ApiRequest &request);
    QFuture<ApiResponse> resetPassword(const ApiRequest &request);
    QFuture<ApiResponse> unlock(const ApiRequest &request);

    // A user as the API shows it (never the password hash).
    static QJsonObject userJson(const StaffUser &user);

private:
    DbExecutor &m_executor;
};
