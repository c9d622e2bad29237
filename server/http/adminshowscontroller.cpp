#include "adminshowscontroller.h"

#include "apilimits.h"
#include "booking/showservice.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "salesparsing.h"
#include "router.h"

#include <limits>

using namespace ControllerSupport;

namespace {
Result<QStringList> statusFilter(const ApiRequest &request)
{
    QStringList statuses;
    const QString text = request.query.queryItemValue(QStringLiteral("status")).toUpper();
    for (const QString &status : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!Booking::statusFromName(status.trimmed()))
            return Result<QStringList>::failure(
                ErrorCode::InvalidField,
                QStringLiteral("status must be a comma-separated list of PENDING, CONFIRMED, "
                               "EXPIRED, CANCELLED."),
                {{QStringLiteral("field"), QStringLiteral("status")}});
        statuses << status.trimmed();
    }
    return statuses;
}

ApiResponse showResponse(int status, const Show &show)
{
    return ApiResponse::json(status, show.toJson());
}
} // namespace

void AdminShowsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Post, QStringLiteral("/admin/shows"), Access::Admin,
               action(this, &AdminShowsController::create));
    router.add(Method::Patch, QStringLiteral("/admin/shows/:id"), Access::Admin,
               action(this, &AdminShowsController::update));
    router.add(Method::Delete, QStringLiteral("/admin/shows/:id"), Access::Admin,
               action(this, &AdminShowsController::cancel));
    router.add(Method::Get, QStringLiteral("/admin/shows/:id/bookings"), Access::Admin,
               action(this, &AdminShowsController::bookings));
}

QFuture<ApiResponse> AdminShowsController::create(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    // Read with the limits ShowService enforces, so the first problem is named
    // in field order; the service's check is still the authority.
    JsonFieldReader fields(*body);
    const auto name = fields.text(QStringLiteral("name"), 1, Limits::kMaxShowNameLength, true);
    const auto start = fields.timestamp(QStringLiteral("start_time"), true);
    // A seated show (issue 17) names its plan instead of a capacity.
    const auto plan = fields.integer(QStringLiteral("seating_plan_id"), 1,
                                     std::numeric_limits<int>::max(), false);
    const QJsonValue givenSeats = body->value(QStringLiteral("total_seats"));
    if (fields.ok() && plan && !givenSeats.isUndefined() && !givenSeats.isNull())
        return ready(DomainError{ErrorCode::InvalidField,
                                 QStringLiteral("Give total_seats or seating_plan_id, not both: a "
                                                "seated show has as many seats as its plan."),
                                 {{QStringLiteral("field"), QStringLiteral("total_seats")}}});
    const auto seats =
        plan ? std::optional<int>(0)
             : fields.integer(QStringLiteral("total_seats"), 1, Limits::kMaxTotalSeats, true);
    if (!fields.ok())
        return ready(fields.error());
    const auto categories = SalesParsing::categories(*body);
    if (!categories)
        return ready(categories.error());
    const ShowService::CreateCommand command{*name, *start, *seats, plan.value_or(0), *categories};
    if (const auto error = ShowService::check(command))
        return ready(*error);
    return respond(
        m_executor, request,
        [command, who = auditContext(request)](DatabaseSession &session) {
            return ShowService(session).create(command, who);
        },
        [](const Show &show) { return showResponse(201, show); });
}

QFuture<ApiResponse> AdminShowsController::update(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    JsonFieldReader fields(*body);
    ShowService::UpdateCommand command;
    command.id = *id;
    command.name = fields.text(QStringLiteral("name"), 1, Limits::kMaxShowNameLength, false);
    command.startTime = fields.timestamp(QStringLiteral("start_time"), false);
    command.totalSeats =
        fields.integer(QStringLiteral("total_seats"), 1, Limits::kMaxTotalSeats, false);
    if (!fields.ok())
        return ready(fields.error());
    const auto categories = SalesParsing::categories(*body);
    if (!categories)
        return ready(categories.error());
    command.categories = *categories;
    if (const auto error = ShowService::check(command))
        return ready(*error);
    return respond(
        m_executor, request,
        [command, who = auditContext(request)](DatabaseSession &session) {
            return ShowService(session).update(command, who);
        },
        [](const Show &show) { return showResponse(200, show); });
}

QFuture<ApiResponse> AdminShowsController::cancel(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [id = *id, who = auditContext(request)](DatabaseSession &session) {
            return ShowService(session).cancel(id, who);
        },
        [](const ShowService::Cancelled &cancelled) {
            return ApiResponse::json(
                200,
                QJsonObject{{QStringLiteral("show"), cancelled.show.toJson()},
                            {QStringLiteral("cancelled_bookings"), cancelled.cancelledBookings}});
        });
}

QFuture<ApiResponse> AdminShowsController::bookings(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    const auto statuses = statusFilter(request);
    if (!statuses)
        return ready(statuses.error());
    const auto limit =
        RequestParsing::queryInt(request, QStringLiteral("limit"), BookingService::kDefaultPageSize,
                                 1, Limits::kMaxPageSize);
    if (!limit)
        return ready(limit.error());
    const auto offset = RequestParsing::queryInt(request, QStringLiteral("offset"), 0, 0,
                                                 std::numeric_limits<int>::max());
    if (!offset)
        return ready(offset.error());
    const BookingService::ListQuery query{*id, *statuses, *limit, *offset};
    if (const auto error = BookingService::check(query))
        return ready(*error);
    return respond(
        m_executor, request,
        [query, settings = m_settings()](DatabaseSession &session) {
            return BookingService(session, settings).listForShow(query);
        },
        [](const BookingService::Page &page) {
            QJsonArray array;
            for (const Booking &booking : page.bookings)
                array.append(booking.toJson());
            ApiResponse response = ApiResponse::json(200, array);
            response.headers.append(
                qMakePair(QByteArray("X-Total-Count"), QByteArray::number(page.total)));
            return response;
        });
}
