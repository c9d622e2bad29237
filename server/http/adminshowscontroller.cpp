#include "adminshowscontroller.h"

#include "booking/bookingrepository.h"
#include "booking/showrepository.h"
#include "dbexecutor.h"
#include "requestparsing.h"
#include "router.h"

namespace {
constexpr int kMaxSeats = 100000;
constexpr int kMaxNameLength = 200;
constexpr int kDefaultPageSize = 50;
constexpr int kMaxPageSize = 500;

QFuture<ApiResponse> ready(const DomainError &error)
{
    return QtFuture::makeReadyFuture(ApiResponse::error(error));
}

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
} // namespace

void AdminShowsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;

    router.add(Method::Post, QStringLiteral("/admin/shows"), Router::Access::Admin,
               [this](const ApiRequest &request) {
                   const auto body = RequestParsing::jsonObject(request, false);
                   if (!body)
                       return ready(body.error());
                   JsonFieldReader fields(*body);
                   const auto name = fields.text(QStringLiteral("name"), 1, kMaxNameLength, true);
                   const auto start = fields.timestamp(QStringLiteral("start_time"), true);
                   const auto seats =
                       fields.integer(QStringLiteral("total_seats"), 1, kMaxSeats, true);
                   if (!fields.ok())
                       return ready(fields.error());
                   return m_executor.run(
                       [name = *name, start = *start, seats = *seats](DatabaseSession &session) {
                           const auto show = ShowRepository(session).create(name, start, seats);
                           return show ? ApiResponse::json(201, show->toJson())
                                       : ApiResponse::error(show.error());
                       });
               });

    router.add(
        Method::Patch, QStringLiteral("/admin/shows/:id"), Router::Access::Admin,
        [this](const ApiRequest &request) {
            const auto id = RequestParsing::id(request.pathArguments.at(0));
            if (!id)
                return ready(id.error());
            const auto body = RequestParsing::jsonObject(request, false);
            if (!body)
                return ready(body.error());
            JsonFieldReader fields(*body);
            ShowRepository::Changes changes;
            changes.name = fields.text(QStringLiteral("name"), 1, kMaxNameLength, false);
            changes.startTime = fields.timestamp(QStringLiteral("start_time"), false);
            changes.totalSeats = fields.integer(QStringLiteral("total_seats"), 1, kMaxSeats, false);
            if (!fields.ok())
                return ready(fields.error());
            if (!changes.name && !changes.startTime && !changes.totalSeats)
                return ready({ErrorCode::MissingField,
                              QStringLiteral("Give at least one of name, start_time, total_seats."),
                              {}});
            return m_executor.run([id = *id, changes](DatabaseSession &session) {
                const auto show = ShowRepository(session).update(id, changes);
                return show ? ApiResponse::json(200, show->toJson())
                            : ApiResponse::error(show.error());
            });
        });

    router.add(Method::Delete, QStringLiteral("/admin/shows/:id"), Router::Access::Admin,
               [this](const ApiRequest &request) {
                   const auto id = RequestParsing::id(request.pathArguments.at(0));
                   if (!id)
                       return ready(id.error());
                   return m_executor.run([id = *id](DatabaseSession &session) {
                       const auto cancelled = ShowRepository(session).cancel(id);
                       if (!cancelled)
                           return ApiResponse::error(cancelled.error());
                       return ApiResponse::json(
                           200, QJsonObject{{QStringLiteral("show"), cancelled->show.toJson()},
                                            {QStringLiteral("cancelled_bookings"),
                                             cancelled->cancelledBookings}});
                   });
               });

    router.add(Method::Get, QStringLiteral("/admin/shows/:id/bookings"), Router::Access::Admin,
               [this](const ApiRequest &request) {
                   const auto id = RequestParsing::id(request.pathArguments.at(0));
                   if (!id)
                       return ready(id.error());
                   const auto statuses = statusFilter(request);
                   if (!statuses)
                       return ready(statuses.error());
                   const auto limit = RequestParsing::queryInt(request, QStringLiteral("limit"),
                                                               kDefaultPageSize, 1, kMaxPageSize);
                   if (!limit)
                       return ready(limit.error());
                   const auto offset = RequestParsing::queryInt(
                       request, QStringLiteral("offset"), 0, 0, std::numeric_limits<int>::max());
                   if (!offset)
                       return ready(offset.error());
                   return m_executor.run([id = *id, statuses = *statuses, limit = *limit,
                                          offset = *offset](DatabaseSession &session) {
                       const auto page =
                           BookingRepository(session).listForShow(id, statuses, limit, offset);
                       if (!page)
                           return ApiResponse::error(page.error());
                       QJsonArray array;
                       for (const Booking &booking : page->bookings)
                           array.append(booking.toJson());
                       ApiResponse response = ApiResponse::json(200, array);
                       response.headers.append(
                           qMakePair(QByteArray("X-Total-Count"), QByteArray::number(page->total)));
                       return response;
                   });
               });
}
