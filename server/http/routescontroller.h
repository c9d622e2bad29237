#pragma once

#include "apiresponse.h"

#include <QFuture>

class Router;
struct ApiRequest;

// GET /admin/routes: the Router's own table (method, path, who may call it,
// which rate limit counts), so operators and the authorization tests see
// exactly what is enforced, and a new endpoint cannot be left out of either.
class RoutesController
{
public:
    explicit RoutesController(const Router &router) : m_router(router) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> list(const ApiRequest &request);

private:
    const Router &m_router;
};
