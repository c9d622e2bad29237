#include "bookingscontroller.h"

#include "booking/bookingrepository.h"
#include "dbexecutor.h"
#include "requestparsing.h"
#include "router.h"

#include <QRegularExpression>

namespace {
ApiResponse toResponse(const Result<Booking> &booking)
{
    return booking ? ApiResponse::json(200, booking->toJson())
                   : ApiResponse::error(booking.error());
}
} // namespace

void BookingsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Operation = Result<Booking> (BookingRepository::*)(qint64);

    // The three id routes differ only in the repository call.
    const auto byId = [this](Operation operation, bool takesBody) {
        return [this, operation, takesBody](const ApiRequest &request) {
            const auto id = RequestParsing::id(request.pathArguments.at(0));
            if (!id)
                return QtFuture::makeReadyFuture(ApiResponse::error(id.error()));
            // confirm/cancel take no fields, but a body that is there must still be JSON.
            if (takesBody) {
                const auto body = RequestParsing::jsonObject(request, true);
                if (!body)
                    return QtFuture::makeReadyFuture(ApiResponse::error(body.error()));
            }
            return m_executor.run([id = *id, operation](DatabaseSession &session) {
                BookingRepository repository(session);
                return toResponse((repository.*operation)(id));
            });
        };
    };
    router.add(Method::Get, QStringLiteral("/bookings/:id"), Router::Access::Public,
               byId(&BookingRepository::find, false));
    router.add(Method::Post, QStringLiteral("/bookings/:id/confirm"), Router::Access::Public,
               byId(&BookingRepository::confirm, true));
    router.add(Method::Post, QStringLiteral("/bookings/:id/cancel"), Router::Access::Public,
               byId(&BookingRepository::cancel, true));

    router.add(Method::Get, QStringLiteral("/bookings/by-reference/:reference"),
               Router::Access::Public, [this](const ApiRequest &request) {
                   const QString reference = request.pathArguments.at(0).trimmed();
                   static const QRegularExpression shape(QStringLiteral("^[A-Za-z0-9-]{1,64}$"));
                   if (!shape.match(reference).hasMatch())
                       return QtFuture::makeReadyFuture(ApiResponse::error(
                           ErrorCode::InvalidField,
                           QStringLiteral("That is not a booking reference."),
                           {{QStringLiteral("field"), QStringLiteral("reference")}}));
                   return m_executor.run([reference](DatabaseSession &session) {
                       return toResponse(BookingRepository(session).findByReference(reference));
                   });
               });
}
