#pragma once

#include "apiresponse.h"

#include <QFuture>

#include <functional>

class DbExecutor;
class Router;
struct ApiRequest;

// GET /health: 200 when the database answers, 503 when it does not (or when
// the work queue is full: a monitor should see an overloaded server as unwell).
// GET /health/live: 200 while the event loop runs; never asks the database.
// GET /health/ready: whether a load balancer should send work here - 503
// not_ready while the server drains (reason "draining") or while a trivial
// query through the worker pool fails (reason "database").
class HealthController
{
public:
    explicit HealthController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

    // Tells readiness whether the server drains; unset, it never does.
    void setDrainingCheck(std::function<bool()> isDraining)
    {
        m_isDraining = std::move(isDraining);
    }

    QFuture<ApiResponse> check(const ApiRequest &request);
    QFuture<ApiResponse> live(const ApiRequest &request);
    QFuture<ApiResponse> ready(const ApiRequest &request);

private:
    DbExecutor &m_executor;
    std::function<bool()> m_isDraining;
};
