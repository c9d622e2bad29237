#include "showscontroller.h"

#include "apilimits.h"
#include "booking/bookingbatcher.h"
#include "booking/showservice.h"
#include "bookingaccesspolicy.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"

using namespace ControllerSupport;

void ShowsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Get, QStringLiteral("/shows"), Access::Public,
               action(this, &ShowsController::list));
    router.add(Method::Get, QStringLiteral("/shows/:id"), Access::Public,
               action(this, &ShowsController::get));
    router.add(Method::Post, QStringLiteral("/shows/:id/book"), Access::Booking,
               action(this, &ShowsController::book), RateClass::Booking);
}

QFuture<ApiResponse> ShowsController::list(const ApiRequest &request)
{
    return respond(
        m_executor, request, [](DatabaseSession &session) { return ShowService(session).list(); },
        [](const QList<Show> &shows) {
            QJsonArray array;
            for (const Show &show : shows)
                array.append(show.toJson());
            return ApiResponse::json(200, array);
        });
}

QFuture<ApiResponse> ShowsController::get(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [id = *id](DatabaseSession &session) { return ShowService(session).get(id); },
        [](const Show &show) { return ApiResponse::json(200, show.toJson()); });
}

Result<QStringList> ShowsController::seatLabels(const QJsonObject &body, int maxSeats)
{
    const QJsonValue value = body.value(QStringLiteral("seat_ids"));
    if (value.isUndefined() || value.isNull())
        return QStringList();
    const auto invalid = [maxSeats] {
        return Result<QStringList>::failure(
            ErrorCode::InvalidField,
            QStringLiteral("seat_ids must be an array of 1 to %1 seat labels (\"A-12\").")
                .arg(maxSeats),
            {{QStringLiteral("field"), QStringLiteral("seat_ids")}});
    };
    if (!value.isArray())
        return invalid();
    const QJsonArray array = value.toArray();
    if (array.isEmpty() || array.size() > maxSeats)
        return invalid();
    QStringList labels;
    for (const QJsonValue &label : array) {
        if (!label.isString())
            return invalid();
        labels << label.toString();
    }
    return labels;
}

QFuture<ApiResponse> ShowsController::book(const ApiRequest &request)
{
    const auto showId = RequestParsing::id(request.pathArguments.at(0));
    if (!showId)
        return ready(showId.error());
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    // Read with the limits BookingService enforces, so that the first problem
    // is named in field order; the service's check is still the authority.
    const BookingService::Settings settings = m_settings();
    JsonFieldReader fields(*body);
    const auto userName =
        fields.text(QStringLiteral("user_name"), 1, Limits::kMaxUserNameLength, true);
    // Seated shows (issue 17): seat_ids picks seats by label; seats alone asks
    // for the best available.
    const auto labels = seatLabels(*body, settings.maxSeatsPerBooking);
    if (!labels)
        return ready(labels.error());
    const auto seats = fields.integer(QStringLiteral("seats"), 1, settings.maxSeatsPerBooking,
                                      labels->isEmpty());
    const auto accessible = body->value(QStringLiteral("accessible"));
    if (!fields.ok())
        return ready(fields.error());
    if (!accessible.isUndefined() && !accessible.isBool())
        return ready(DomainError{ErrorCode::InvalidField,
                                 QStringLiteral("accessible must be true or false."),
                                 {{QStringLiteral("field"), QStringLiteral("accessible")}}});
    BookingService::BookCommand command{
        *showId, *userName, seats ? *seats : int(labels->size()), request.idempotencyKey,
        BookingAccessPolicy::forPrincipal(request.principal, m_publicBooking)};
    command.seatLabels = *labels;
    command.accessible = accessible.toBool();
    // Taken as sent, never trimmed: it is a secret, compared by its digest.
    // Only callers that are given access tokens choose one; others' is ignored.
    const QJsonValue chosenToken = body->value(QStringLiteral("access_token"));
    const bool chooses =
        command.by.issuesAccessToken && !chosenToken.isUndefined() && !chosenToken.isNull();
    if (chooses && !chosenToken.isString())
        return ready(DomainError{ErrorCode::InvalidField,
                                 QStringLiteral("access_token must be a string."),
                                 {{QStringLiteral("field"), QStringLiteral("access_token")}}});
    if (chooses)
        command.accessToken = chosenToken.toString().toUtf8();
    // Refused here, on the HTTP thread, so bad input never takes a queue slot.
    if (const auto error = BookingService::check(command, settings))
        return ready(*error);
    const auto toResponse = [](const BookingService::Booked &booked) {
        QJsonObject body = booked.booking.toJson();
        // Shown once: only its digest is stored (docs/api.md).
        if (!booked.accessToken.isEmpty())
            body.insert(QStringLiteral("access_token"), QString::fromLatin1(booked.accessToken));
        ApiResponse response = ApiResponse::json(201, body);
        if (booked.replayed)
            response.headers.append(
                qMakePair(QByteArray("Idempotent-Replayed"), QByteArray("true")));
        return response;
    };
    if (m_batcher)
        return m_batcher->submit(
            ticket(request), command, settings,
            [toResponse](const Result<BookingService::Booked> &result) {
                return result ? toResponse(*result) : ApiResponse::error(result.error());
            });
    return respond(
        m_executor, request,
        [command, settings](DatabaseSession &session) {
            return BookingService(session, settings).book(command);
        },
        toResponse);
}
