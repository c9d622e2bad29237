#include "healthcontroller.h"

#include "controllersupport.h"
#include "health/healthservice.h"
#include "router.h"

using namespace ControllerSupport;

void HealthController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/health"), Router::Access::Public,
               action(this, &HealthController::check));
}

QFuture<ApiResponse> HealthController::check(const ApiRequest &request)
{
    return respond(
        m_executor, request,
        [](DatabaseSession &session) { return HealthService(session).check(); },
        [](const HealthService::Healthy &) {
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                 {QStringLiteral("database"), QStringLiteral("ok")}});
        });
}
