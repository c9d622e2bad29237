#include "configcontroller.h"

#include "apilimits.h"
#include "router.h"

void ConfigController::registerRoutes(Router &router)
{
    const QJsonObject config{
        {QStringLiteral("hold_seconds"), m_settings.holdSeconds},
        {QStringLiteral("max_seats_per_booking"), m_settings.maxSeatsPerBooking},
        {QStringLiteral("max_user_name_length"), Limits::kMaxUserNameLength},
        {QStringLiteral("max_show_name_length"), Limits::kMaxShowNameLength},
        {QStringLiteral("max_total_seats"), Limits::kMaxTotalSeats},
        {QStringLiteral("max_idempotency_key_length"), Limits::kMaxIdempotencyKeyLength},
        {QStringLiteral("reference_length"), Limits::kReferenceLength},
        {QStringLiteral("version"), QStringLiteral(BOXOFFICE_VERSION)},
    };
    const ApiResponse response = ApiResponse::json(200, config);
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/config"), Router::Access::Public,
               [response](const ApiRequest &) { return QtFuture::makeReadyFuture(response); });
}
