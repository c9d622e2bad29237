#pragma once

#include "apiresponse.h"

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// GET /admin/audit: reads the filters and the cursor from the query string,
// pages through the audit log (AuditService) and shapes the entries. Lives on
// the HTTP thread; the reading runs on the executor.
class AdminAuditController
{
public:
    explicit AdminAuditController(DbExecutor &executor) : m_executor(executor) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> list(const ApiRequest &request);

private:
    DbExecutor &m_executor;
};
