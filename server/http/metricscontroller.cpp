#include "metricscontroller.h"

#include "controllersupport.h"
#include "metrics/servermetrics.h"

using namespace ControllerSupport;

void MetricsController::registerRoutes(Router &router, Router::Access access)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/metrics"), access,
               action(this, &MetricsController::scrape));
}

QFuture<ApiResponse> MetricsController::scrape(const ApiRequest &)
{
    // On the HTTP thread: serialising a few dozen series takes microseconds,
    // less than handing the work to a database worker would.
    return QtFuture::makeReadyFuture(
        ApiResponse::bytes(200, kContentType, ServerMetrics::instance().exposition()));
}
