#pragma once

#include "apiresponse.h"

#include <QFuture>

class DbExecutor;
class FlagSnapshot;
class Router;
struct ApiRequest;

// Admin feature-flag routes (bearer token checked by the Router): list, get,
// put, delete, history and preview under /admin/flags. Parses (the body of a
// PUT is any JSON value; If-Match), calls FlagService on the executor, maps
// the result; GET and PUT answers carry ETag: "<version>". Reads come from the
// database, not the snapshot: an admin sees what is stored now. Lives on the
// HTTP thread; the actions only read members set at construction.
class AdminFlagsController
{
public:
    AdminFlagsController(DbExecutor &executor, const FlagSnapshot &snapshot)
        : m_executor(executor), m_snapshot(snapshot)
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> list(const ApiRequest &request);
    QFuture<ApiResponse> get(const ApiRequest &request);
    QFuture<ApiResponse> put(const ApiRequest &request);
    QFuture<ApiResponse> remove(const ApiRequest &request);
    QFuture<ApiResponse> history(const ApiRequest &request);
    QFuture<ApiResponse> preview(const ApiRequest &request);

private:
    DbExecutor &m_executor;
    const FlagSnapshot &m_snapshot; // for its environment overrides, fixed at start
};
