#include "configcontroller.h"

#include "apilimits.h"
#include "controllersupport.h"
#include "router.h"

using namespace ControllerSupport;

ConfigController::ConfigController(BookingService::Settings settings)
    : m_response(ApiResponse::json(
          200, QJsonObject{
                   {QStringLiteral("hold_seconds"), settings.holdSeconds},
                   {QStringLiteral("max_seats_per_booking"), settings.maxSeatsPerBooking},
                   {QStringLiteral("max_user_name_length"), Limits::kMaxUserNameLength},
                   {QStringLiteral("max_show_name_length"), Limits::kMaxShowNameLength},
                   {QStringLiteral("max_total_seats"), Limits::kMaxTotalSeats},
                   {QStringLiteral("max_idempotency_key_length"), Limits::kMaxIdempotencyKeyLength},
                   {QStringLiteral("reference_length"), Limits::kReferenceLength},
                   {QStringLiteral("version"), QStringLiteral(BOXOFFICE_VERSION)},
               }))
{
}

void ConfigController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/config"), Router::Access::Public,
               action(this, &ConfigController::get));
}

QFuture<ApiResponse> ConfigController::get(const ApiRequest &)
{
    return QtFuture::makeReadyFuture(m_response);
}
