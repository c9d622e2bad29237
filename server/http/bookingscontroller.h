#pragma once

#include "apiresponse.h"
#include "auth/publicbooking.h"
#include "booking/bookingservice.h"
#include "sales/saleservice.h"

#include <QJsonObject>

#include <QFuture>

class DbExecutor;
class Router;
struct ApiRequest;

// Booking routes: look up by id or reference, confirm (with a payment),
// cancel (some or all tickets, with a refund). Parses, calls BookingService or
// SaleService on the executor, maps the result. Each call is scoped to the
// bookings the caller may touch (BookingAccessPolicy): another's booking is 404.
// Lives on the HTTP thread.
class BookingsController
{
public:
    BookingsController(DbExecutor &executor, BookingService::SettingsSource settings,
                       PublicBooking publicBooking)
        : m_executor(executor), m_settings(std::move(settings)), m_publicBooking(publicBooking)
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> get(const ApiRequest &request);
    QFuture<ApiResponse> getByReference(const ApiRequest &request);
    QFuture<ApiResponse> confirm(const ApiRequest &request);
    QFuture<ApiResponse> cancel(const ApiRequest &request);

private:
    // What confirm and cancel both read: the booking id, the body (empty
    // without one) and whose till money goes into.
    struct SettleRequest
    {
        qint64 id = 0;
        QJsonObject body;
        SaleService::Till till;
    };
    Result<SettleRequest> settleRequest(const ApiRequest &request) const;
    BookingAccess accessOf(const ApiRequest &request) const;

    DbExecutor &m_executor;
    BookingService::SettingsSource m_settings; // the rules in force, read once per request
    PublicBooking m_publicBooking;
};
