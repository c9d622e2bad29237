#pragma once

#include "apiresponse.h"

#include <QFuture>
#include <QString>

class DbExecutor;
class Router;
struct ApiRequest;

// Clerks' shifts (issue 18): open one, read the open one, list them, close
// one with the counted cash, and its report. Parses, calls ShiftService on the
// executor, maps the result. Lives on the HTTP thread.
class ShiftsController
{
public:
    ShiftsController(DbExecutor &executor, QString currency)
        : m_executor(executor), m_currency(std::move(currency))
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> open(const ApiRequest &request);
    QFuture<ApiResponse> current(const ApiRequest &request);
    QFuture<ApiResponse> list(const ApiRequest &request);
    QFuture<ApiResponse> close(const ApiRequest &request);
    QFuture<ApiResponse> report(const ApiRequest &request);

private:
    DbExecutor &m_executor;
    QString m_currency; // --currency, named in every report
};
