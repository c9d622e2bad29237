#pragma once

#include "apiresponse.h"
#include "router.h"

#include <QFuture>

struct ApiRequest;

// GET /metrics: the process's metrics (ServerMetrics) in the Prometheus text
// format 0.0.4. Admin-only on the API port; public on the --metrics-listen
// port, which is meant for loopback or a private network.
class MetricsController
{
public:
    void registerRoutes(Router &router, Router::Access access);

    QFuture<ApiResponse> scrape(const ApiRequest &request);

    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";
};
