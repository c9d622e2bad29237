#pragma once

class DbExecutor;
class Router;

// Public show routes: GET /shows, GET /shows/:id, POST /shows/:id/book.
class ShowsController
{
public:
    struct Limits
    {
        int holdSeconds = 120;
        int maxSeatsPerBooking = 20;
    };

    ShowsController(DbExecutor &executor, Limits limits) : m_executor(executor), m_limits(limits) {}
    void registerRoutes(Router &router);

private:
    DbExecutor &m_executor;
    Limits m_limits;
};
