#include "configcontroller.h"

#include "apilimits.h"
#include "controllersupport.h"
#include "flags/flagsnapshot.h"
#include "router.h"

#include <algorithm>

using namespace ControllerSupport;

void ConfigController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/config"), Router::Access::Public,
               action(this, &ConfigController::get));
}

QFuture<ApiResponse> ConfigController::get(const ApiRequest &)
{
    std::shared_ptr<const FlagState> state = m_snapshot.current();
    if (state != m_answeredState) {
        m_answer = answerFor(state->booking);
        m_answeredState = std::move(state);
    }
    return QtFuture::makeReadyFuture(m_answer);
}

ApiResponse ConfigController::answerFor(const BookingService::Settings &settings) const
{
    QList<qint64> paused(settings.pausedShowIds.begin(), settings.pausedShowIds.end());
    std::sort(paused.begin(), paused.end());
    QJsonArray pausedIds;
    for (const qint64 id : paused)
        pausedIds.append(id);
    return ApiResponse::json(
        200, QJsonObject{
                 {QStringLiteral("hold_seconds"), settings.holdSeconds},
                 {QStringLiteral("max_seats_per_booking"), settings.maxSeatsPerBooking},
                 {QStringLiteral("sales_paused"), settings.salesPaused},
                 {QStringLiteral("paused_show_ids"), pausedIds},
                 {QStringLiteral("max_user_name_length"), Limits::kMaxUserNameLength},
                 {QStringLiteral("max_show_name_length"), Limits::kMaxShowNameLength},
                 {QStringLiteral("max_total_seats"), Limits::kMaxTotalSeats},
                 {QStringLiteral("max_idempotency_key_length"), Limits::kMaxIdempotencyKeyLength},
                 {QStringLiteral("reference_length"), Limits::kReferenceLength},
                 {QStringLiteral("version"), QStringLiteral(BOXOFFICE_VERSION)},
                 // Whether this server takes anonymous bookings, and how (--public-booking).
                 {QStringLiteral("public_booking"), Router::publicBookingName(m_publicBooking)},
                 // Every amount in the API is in this currency's minor units (issue 18).
                 {QStringLiteral("currency"), m_currency},
             });
}
