#pragma once

class DbExecutor;
class Router;

// GET /health: 200 when the database answers, 503 when it does not.
class HealthController
{
public:
    explicit HealthController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

private:
    DbExecutor &m_executor;
};
