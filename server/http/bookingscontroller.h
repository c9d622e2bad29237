#pragma once

#include "apiresponse.h"
#include "booking/bookingservice.h"

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// Booking routes: look up by id or reference, confirm, cancel. Parses, calls
// BookingService on the executor, maps the result. Lives on the HTTP thread.
class BookingsController
{
public:
    BookingsController(DbExecutor &executor, BookingService::SettingsSource settings)
        : m_executor(executor), m_settings(std::move(settings))
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> get(const ApiRequest &request);
    QFuture<ApiResponse> getByReference(const ApiRequest &request);
    QFuture<ApiResponse> confirm(const ApiRequest &request);
    QFuture<ApiResponse> cancel(const ApiRequest &request);

private:
    // confirm and cancel: the same request shape, one service call apart.
    using Settle = Result<Booking> (BookingService::*)(qint64, const AuditContext &);
    QFuture<ApiResponse> settle(const ApiRequest &request, Settle action);

    DbExecutor &m_executor;
    BookingService::SettingsSource m_settings; // the rules in force, read once per request
};
