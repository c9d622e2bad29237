#pragma once

#include "apiresponse.h"

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// Seating plans (issue 17): POST /admin/plans and GET /admin/plans (admin),
// GET /plans/:id (public, like GET /shows/:id: a seat map is drawn from it).
// Parses, calls SeatingService on the executor, maps the result. Lives on the
// HTTP thread.
class SeatingPlansController
{
public:
    explicit SeatingPlansController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> create(const ApiRequest &request);
    QFuture<ApiResponse> list(const ApiRequest &request);
    QFuture<ApiResponse> get(const ApiRequest &request);

private:
    DbExecutor &m_executor;
};
