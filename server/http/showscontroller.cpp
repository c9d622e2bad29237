#include "showscontroller.h"

#include "apilimits.h"
#include "booking/bookingbatcher.h"
#include "booking/showservice.h"
#include "bookingaccesspolicy.h"
#include "controllersupport.h"
#include "requestparsing.h"
#include "salesparsing.h"
#include "sales/saleservice.h"
#include "tillaccesspolicy.h"
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
    // The counter's walk-in sale (issue 18): staff, or a shop paying online.
    router.add(Method::Post, QStringLiteral("/shows/:id/sell"), Access::Authenticated,
               action(this, &ShowsController::sell), RateClass::Booking);
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

Result<BookingService::BookCommand>
ShowsController::bookCommand(const ApiRequest &request, const QJsonObject &body,
                             const BookingService::Settings &settings, bool nameRequired) const
{
    const auto showId = RequestParsing::id(request.pathArguments.at(0));
    if (!showId)
        return showId.error();
    // Read with the limits BookingService enforces, so that the first problem
    // is named in field order; the service's check is still the authority.
    JsonFieldReader fields(body);
    const auto userName =
        fields.text(QStringLiteral("user_name"), 1, Limits::kMaxUserNameLength, nameRequired);
    // Seated shows (issue 17): seat_ids picks seats by label; seats alone asks
    // for the best available.
    const auto labels = SalesParsing::seatLabels(body, settings.maxSeatsPerBooking);
    if (!labels)
        return labels.error();
    // Counter sales (issue 18): tickets names categories; their counts are the seats.
    const auto tickets = SalesParsing::tickets(body, settings.maxSeatsPerBooking);
    if (!tickets)
        return tickets.error();
    int ticketCount = 0;
    for (const BookingService::TicketRequest &ticket : *tickets)
        ticketCount += ticket.count;
    const auto seats = fields.integer(QStringLiteral("seats"), 1, settings.maxSeatsPerBooking,
                                      labels->isEmpty() && tickets->isEmpty());
    const auto accessible = body.value(QStringLiteral("accessible"));
    if (!fields.ok())
        return fields.error();
    if (!accessible.isUndefined() && !accessible.isBool())
        return DomainError{ErrorCode::InvalidField,
                           QStringLiteral("accessible must be true or false."),
                           {{QStringLiteral("field"), QStringLiteral("accessible")}}};
    BookingService::BookCommand command{
        *showId, userName.value_or(kWalkInName),
        seats ? *seats : (labels->isEmpty() ? ticketCount : int(labels->size())),
        request.idempotencyKey, BookingAccessPolicy::forPrincipal(request.principal, m_publicBooking)};
    command.seatLabels = *labels;
    command.tickets = *tickets;
    command.accessible = accessible.toBool();
    // Taken as sent, never trimmed: it is a secret, compared by its digest.
    // Only callers that are given access tokens choose one; others' is ignored.
    const QJsonValue chosenToken = body.value(QStringLiteral("access_token"));
    const bool chooses =
        command.by.issuesAccessToken && !chosenToken.isUndefined() && !chosenToken.isNull();
    if (chooses && !chosenToken.isString())
        return DomainError{ErrorCode::InvalidField,
                           QStringLiteral("access_token must be a string."),
                           {{QStringLiteral("field"), QStringLiteral("access_token")}}};
    if (chooses)
        command.accessToken = chosenToken.toString().toUtf8();
    return command;
}

QFuture<ApiResponse> ShowsController::book(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const BookingService::Settings settings = m_settings();
    const auto parsed = bookCommand(request, *body, settings, true);
    if (!parsed)
        return ready(parsed.error());
    const BookingService::BookCommand command = *parsed;
    // Refused here, on the HTTP thread, so bad input never takes a queue slot.
    if (const auto error = BookingService::check(command, settings))
        return ready(*error);
    const auto toResponse = &ShowsController::bookedResponse;
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

ApiResponse ShowsController::bookedResponse(const BookingService::Booked &booked)
{
    QJsonObject body = booked.booking.toJson();
    // Shown once: only its digest is stored (docs/api.md).
    if (!booked.accessToken.isEmpty())
        body.insert(QStringLiteral("access_token"), QString::fromLatin1(booked.accessToken));
    ApiResponse response = ApiResponse::json(201, body);
    if (booked.replayed)
        response.headers.append(qMakePair(QByteArray("Idempotent-Replayed"), QByteArray("true")));
    return response;
}

QFuture<ApiResponse> ShowsController::sell(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const BookingService::Settings settings = m_settings();
    // The counter's customer is often nobody in particular: "Walk-in".
    const auto command = bookCommand(request, *body, settings, false);
    if (!command)
        return ready(command.error());
    if (const auto error = BookingService::check(*command, settings))
        return ready(*error);
    const auto payment = SalesParsing::payment(*body);
    if (!payment)
        return ready(payment.error());
    if (!*payment)
        return ready(DomainError{ErrorCode::MissingField,
                                 QStringLiteral("A sale needs a payment: {\"method\": \"cash\", "
                                                "\"tendered\": 5000}."),
                                 {{QStringLiteral("field"), QStringLiteral("payment")}}});
    const auto shift = SalesParsing::shiftId(*body);
    if (!shift)
        return ready(shift.error());
    const SaleService::Till till{TillAccessPolicy::forPrincipal(request.principal), *shift};
    if (const auto error = SaleService::check(**payment, till.access))
        return ready(*error);
    return respond(
        m_executor, request,
        [command = *command, settings, till, payment = **payment,
         who = auditContext(request)](DatabaseSession &session) {
            return SaleService(session, settings).sell(command, who, till, payment);
        },
        &ShowsController::bookedResponse);
}
