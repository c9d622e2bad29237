#pragma once

#include "apiresponse.h"

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// GET /health: 200 when the database answers, 503 when it does not (or when
// the work queue is full: a monitor should see an overloaded server as unwell).
class HealthController
{
public:
    explicit HealthController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> check(const ApiRequest &request);

private:
    DbExecutor &m_executor;
};
