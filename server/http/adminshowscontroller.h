#pragma once

#include "apiresponse.h"
#include "booking/bookingservice.h"

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// Admin routes (bearer token checked by the Router): create (general admission
// with total_seats, or seated with seating_plan_id), change and cancel shows,
// list a show's bookings. Parses, calls ShowService/BookingService on
// the executor, maps the result. Lives on the HTTP thread.
class AdminShowsController
{
public:
    AdminShowsController(DbExecutor &executor, BookingService::SettingsSource settings)
        : m_executor(executor), m_settings(std::move(settings))
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> create(const ApiRequest &request);
    QFuture<ApiResponse> update(const ApiRequest &request);
    QFuture<ApiResponse> cancel(const ApiRequest &request);
    QFuture<ApiResponse> bookings(const ApiRequest &request);

private:
    DbExecutor &m_executor;
    BookingService::SettingsSource m_settings; // the rules in force, read once per request
};
