#include "bookingscontroller.h"

#include "booking/bookingservice.h"
#include "bookingaccesspolicy.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "salesparsing.h"
#include "tillaccesspolicy.h"
#include "sales/saleservice.h"
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

Result<BookingsController::SettleRequest>
BookingsController::settleRequest(const ApiRequest &request) const
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return id.error();
    // No body is the reference's confirm or cancel; a body adds the sales fields.
    const auto body = RequestParsing::jsonObject(request, true);
    if (!body)
        return body.error();
    const auto shift = SalesParsing::shiftId(*body);
    if (!shift)
        return shift.error();
    return SettleRequest{*id, *body,
                         SaleService::Till{TillAccessPolicy::forPrincipal(request.principal), *shift}};
}

QFuture<ApiResponse> BookingsController::confirm(const ApiRequest &request)
{
    const auto settle = settleRequest(request);
    if (!settle)
        return ready(settle.error());
    // {"payment": {...}} pays for the hold as it is confirmed.
    const auto payment = SalesParsing::payment(settle->body);
    if (!payment)
        return ready(payment.error());
    if (*payment)
        if (const auto error = SaleService::check(**payment, settle->till.access))
            return ready(*error);
    return respond(
        m_executor, request,
        [id = settle->id, settings = m_settings(), access = accessOf(request),
         who = auditContext(request), till = settle->till,
         payment = *payment](DatabaseSession &session) {
            return SaleService(session, settings).confirm(id, access, who, till, payment);
        },
        bookingResponse);
}

QFuture<ApiResponse> BookingsController::cancel(const ApiRequest &request)
{
    const auto settle = settleRequest(request);
    if (!settle)
        return ready(settle.error());
    // Nothing named cancels all; tickets or seat_ids some, with a refund.
    const BookingService::Settings settings = m_settings();
    const auto cancel = SalesParsing::cancel(settle->body, settings.maxSeatsPerBooking);
    if (!cancel)
        return ready(cancel.error());
    if (const auto error = SaleService::check(*cancel, settle->till.access))
        return ready(*error);
    return respond(
        m_executor, request,
        [id = settle->id, settings, access = accessOf(request), who = auditContext(request),
         till = settle->till, cancel = *cancel](DatabaseSession &session) {
            return SaleService(session, settings).cancel(id, access, who, till, cancel);
        },
        bookingResponse);
}
