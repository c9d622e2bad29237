#pragma once

#include "apiresponse.h"

#include <QFuture>

class DbExecutor;
class Router;
class TokenCache;
struct ApiRequest;

// Admin routes for API tokens: GET /admin/tokens (never a secret; sessions
// are not listed), POST /admin/tokens (the secret shown once, in that
// answer), DELETE /admin/tokens/:id (revokes; this server's cache learns it
// at once, the others through boxoffice_auth). Parses, calls TokenService on
// the executor, shapes the answer. Lives on the HTTP thread; the actions
// only read members set at construction.
class AdminTokensController
{
public:
    AdminTokensController(DbExecutor &executor, TokenCache &cache)
        : m_executor(executor), m_cache(cache)
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> list(const ApiRequest &request);
    QFuture<ApiResponse> create(const ApiRequest &request);
    QFuture<ApiResponse> revoke(const ApiRequest &request);

private:
    DbExecutor &m_executor;
    TokenCache &m_cache;
};
