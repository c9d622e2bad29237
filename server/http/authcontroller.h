#pragma once

#include "apiresponse.h"
#include "auth/authservice.h"

#include <QFuture>

class DbExecutor;
class Router;
class TokenCache;
struct ApiRequest;

// POST /auth/login (public, login rate class), POST /auth/logout and GET
// /auth/me (any staff credential). Parses, calls AuthService on the executor,
// shapes the answer; /auth/me answers from the principal the Router resolved,
// without a query. A logout marks the token revoked in this server's cache at
// once (other servers hear it through boxoffice_auth). Lives on the HTTP
// thread; the actions only read members set at construction.
class AuthController
{
public:
    AuthController(DbExecutor &executor, TokenCache &cache, AuthService::VerifyLogin verify,
                   int sessionHours)
        : m_executor(executor), m_cache(cache), m_verify(std::move(verify)),
          m_sessionHours(sessionHours)
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> login(const ApiRequest &request);
    QFuture<ApiResponse> logout(const ApiRequest &request);
    QFuture<ApiResponse> me(const ApiRequest &request);

private:
    DbExecutor &m_executor;
    TokenCache &m_cache;
    AuthService::VerifyLogin m_verify;
    int m_sessionHours;
};
