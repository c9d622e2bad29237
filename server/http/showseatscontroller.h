#pragma once

#include "apiresponse.h"

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// A seated show's seats (issue 17): GET /shows/:id/seats, the seat map with
// each seat's state (public, like GET /shows/:id), and PATCH
// /admin/shows/:id/seats, an admin's blocks. Parses, calls SeatingService on
// the executor, maps the result. Lives on the HTTP thread.
class ShowSeatsController
{
public:
    explicit ShowSeatsController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> seatMap(const ApiRequest &request);
    QFuture<ApiResponse> setBlocks(const ApiRequest &request);

private:
    DbExecutor &m_executor;
};
