#include "shiftscontroller.h"

#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"
#include "sales/shiftservice.h"
#include "tillaccesspolicy.h"

#include <QJsonArray>

using namespace ControllerSupport;

namespace {
ApiResponse shiftResponse(int status, const Shift &shift)
{
    return ApiResponse::json(status, shift.toJson());
}

ApiResponse reportResponse(const ShiftReport &report)
{
    return ApiResponse::json(200, report.toJson());
}
} // namespace

void ShiftsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Post, QStringLiteral("/shifts"), Access::Till,
               action(this, &ShiftsController::open));
    router.add(Method::Get, QStringLiteral("/shifts"), Access::Till,
               action(this, &ShiftsController::list));
    router.add(Method::Get, QStringLiteral("/shifts/current"), Access::Till,
               action(this, &ShiftsController::current));
    router.add(Method::Post, QStringLiteral("/shifts/:id/close"), Access::Till,
               action(this, &ShiftsController::close));
    router.add(Method::Get, QStringLiteral("/shifts/:id/report"), Access::Till,
               action(this, &ShiftsController::report));
}

QFuture<ApiResponse> ShiftsController::open(const ApiRequest &request)
{
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    JsonFieldReader fields(*body);
    const auto openingFloat =
        fields.integer(QStringLiteral("opening_float"), 0, 100000000, true);
    if (!fields.ok())
        return ready(fields.error());
    return respond(
        m_executor, request,
        [till = TillAccessPolicy::forPrincipal(request.principal), amount = *openingFloat,
         who = auditContext(request), currency = m_currency](DatabaseSession &session) {
            return ShiftService(session, currency).open(till, amount, who);
        },
        [](const Shift &shift) { return shiftResponse(201, shift); });
}

QFuture<ApiResponse> ShiftsController::current(const ApiRequest &request)
{
    return respond(
        m_executor, request,
        [till = TillAccessPolicy::forPrincipal(request.principal),
         currency = m_currency](DatabaseSession &session) {
            return ShiftService(session, currency).current(till);
        },
        [](const Shift &shift) { return shiftResponse(200, shift); });
}

QFuture<ApiResponse> ShiftsController::list(const ApiRequest &request)
{
    const auto limit = RequestParsing::queryInt(request, QStringLiteral("limit"), 50, 1, 500);
    if (!limit)
        return ready(limit.error());
    return respond(
        m_executor, request,
        [till = TillAccessPolicy::forPrincipal(request.principal), limit = *limit,
         currency = m_currency](DatabaseSession &session) {
            return ShiftService(session, currency).list(till, limit);
        },
        [](const QList<Shift> &shifts) {
            QJsonArray array;
            for (const Shift &shift : shifts)
                array.append(shift.toJson());
            return ApiResponse::json(200, array);
        });
}

QFuture<ApiResponse> ShiftsController::close(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    JsonFieldReader fields(*body);
    const auto counted = fields.integer(QStringLiteral("counted_cash"), 0,
                                        int(ShiftService::kMaxAmount), true);
    if (!fields.ok())
        return ready(fields.error());
    return respond(
        m_executor, request,
        [till = TillAccessPolicy::forPrincipal(request.principal), id = *id, counted = *counted,
         who = auditContext(request), currency = m_currency](DatabaseSession &session) {
            return ShiftService(session, currency).close(till, id, counted, who);
        },
        reportResponse);
}

QFuture<ApiResponse> ShiftsController::report(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [till = TillAccessPolicy::forPrincipal(request.principal), id = *id,
         currency = m_currency](DatabaseSession &session) {
            return ShiftService(session, currency).report(till, id);
        },
        reportResponse);
}
