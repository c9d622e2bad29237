#include "bookingscontroller.h"

#include "booking/bookingservice.h"
#include "bookingaccesspolicy.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"

using namespace ControllerSupport;

namespace {
ApiResponse bookingResponse(const Booking &booking)
{
    return ApiResponse::json(200, booking.toJson());
}
} // namespace

void BookingsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Get, QStringLiteral("/bookings/:id"), Access::BookingRecord,
               action(this, &BookingsController::get));
    router.add(Method::Post, QStringLiteral("/bookings/:id/confirm"), Access::BookingRecord,
               action(this, &BookingsController::confirm), RateClass::Settle);
    router.add(Method::Post, QStringLiteral("/bookings/:id/cancel"), Access::BookingRecord,
               action(this, &BookingsController::cancel), RateClass::Settle);
    router.add(Method::Get, QStringLiteral("/bookings/by-reference/:reference"),
               Access::BookingRecord, action(this, &BookingsController::getByReference));
}

BookingAccess BookingsController::accessOf(const ApiRequest &request) const
{
    return BookingAccessPolicy::forPrincipal(request.principal, m_publicBooking);
}

QFuture<ApiResponse> BookingsController::get(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [id = *id, settings = m_settings(), access = accessOf(request)](DatabaseSession &session) {
            return BookingService(session, settings).get(id, access);
        },
        bookingResponse);
}

QFuture<ApiResponse> BookingsController::getByReference(const ApiRequest &request)
{
    const QString reference = request.pathArguments.at(0).trimmed();
    if (const auto error = BookingService::checkReference(reference))
        return ready(*error);
    return respond(
        m_executor, request,
        [reference, settings = m_settings(), access = accessOf(request)](DatabaseSession &session) {
            return BookingService(session, settings).getByReference(reference, access);
        },
        bookingResponse);
}

QFuture<ApiResponse> BookingsController::confirm(const ApiRequest &request)
{
    return settle(request, &BookingService::confirm);
}

QFuture<ApiResponse> BookingsController::cancel(const ApiRequest &request)
{
    return settle(request, &BookingService::cancel);
}

QFuture<ApiResponse> BookingsController::settle(const ApiRequest &request, Settle action)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    // confirm and cancel take no fields, but a body that is there must still be JSON.
    const auto body = RequestParsing::jsonObject(request, true);
    if (!body)
        return ready(body.error());
    return respond(
        m_executor, request,
        [id = *id, settings = m_settings(), action, access = accessOf(request),
         who = auditContext(request)](DatabaseSession &session) {
            return (BookingService(session, settings).*action)(id, access, who);
        },
        bookingResponse);
}
