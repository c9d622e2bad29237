#include "routescontroller.h"

#include "controllersupport.h"
#include "router.h"

#include <QJsonArray>

using namespace ControllerSupport;

void RoutesController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/admin/routes"),
               Router::Access::Admin, action(this, &RoutesController::list));
}

QFuture<ApiResponse> RoutesController::list(const ApiRequest &)
{
    QJsonArray routes;
    for (const Router::RouteInfo &route : m_router.routes()) {
        routes.append(QJsonObject{
            {QStringLiteral("method"), Router::methodName(route.method)},
            {QStringLiteral("path"), route.pattern},
            {QStringLiteral("access"), Router::accessName(route.access)},
            {QStringLiteral("rate_limit"), Router::rateClassName(route.rateClass)},
        });
    }
    return QtFuture::makeReadyFuture(
        ApiResponse::json(200, QJsonObject{{QStringLiteral("routes"), routes},
                                           {QStringLiteral("public_booking"),
                                            Router::publicBookingName(m_router.publicBooking())}}));
}
