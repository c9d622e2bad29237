#pragma once

class DbExecutor;
class Router;

// Admin routes (bearer token checked by the Router): create, change and cancel
// shows, list a show's bookings.
class AdminShowsController
{
public:
    explicit AdminShowsController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

private:
    DbExecutor &m_executor;
};
