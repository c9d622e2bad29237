#include "seatingplanscontroller.h"

#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"
#include "seating/seatingplanjson.h"
#include "seating/seatingservice.h"

#include <QJsonArray>

using namespace ControllerSupport;

void SeatingPlansController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Post, QStringLiteral("/admin/plans"), Access::Admin,
               action(this, &SeatingPlansController::create));
    router.add(Method::Get, QStringLiteral("/admin/plans"), Access::Admin,
               action(this, &SeatingPlansController::list));
    router.add(Method::Get, QStringLiteral("/plans/:id"), Access::Public,
               action(this, &SeatingPlansController::get));
}

QFuture<ApiResponse> SeatingPlansController::create(const ApiRequest &request)
{
    // Only the strict JSON here; the plan's own rules are SeatingPlanJson's,
    // which the service applies (it is the authority for every caller).
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    return respond(
        m_executor, request,
        [body = *body, who = auditContext(request)](DatabaseSession &session) {
            return SeatingService(session).createPlan(body, who);
        },
        [](const SeatingPlan &plan) {
            return ApiResponse::json(201, SeatingPlanJson::toJson(plan));
        });
}

QFuture<ApiResponse> SeatingPlansController::list(const ApiRequest &request)
{
    return respond(
        m_executor, request,
        [](DatabaseSession &session) { return SeatingService(session).listPlans(); },
        [](const QList<SeatingPlanRepository::Summary> &plans) {
            QJsonArray array;
            for (const SeatingPlanRepository::Summary &plan : plans)
                array.append(QJsonObject{{QStringLiteral("id"), plan.id},
                                         {QStringLiteral("name"), plan.name},
                                         {QStringLiteral("seat_count"), plan.seatCount},
                                         {QStringLiteral("section_count"), plan.sectionCount}});
            return ApiResponse::json(200, QJsonObject{{QStringLiteral("plans"), array}});
        });
}

QFuture<ApiResponse> SeatingPlansController::get(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [id = *id](DatabaseSession &session) { return SeatingService(session).plan(id); },
        [](const SeatingCatalog::PlanPointer &plan) {
            return ApiResponse::json(200, SeatingPlanJson::toJson(plan->plan));
        });
}
