#pragma once

class DbExecutor;
class Router;

// Booking routes: look up by id or reference, confirm, cancel.
class BookingsController
{
public:
    explicit BookingsController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

private:
    DbExecutor &m_executor;
};
