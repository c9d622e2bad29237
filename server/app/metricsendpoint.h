#pragma once

#include "http/metricscontroller.h"
#include "metrics/requestmetrics.h"

#include <QHostAddress>
#include <QObject>
#include <QString>

#include <memory>

class Authenticator;
class BoxOfficeHttpServer;
class Router;

// Where metrics are served, and who records the requests: GET /metrics on
// the API's router (admin only), the request observer on the API server, and,
// with --metrics-listen, a second plain-HTTP listener of its own whose only
// route is a public GET /metrics (anything else: the router's 404).
//
// Lives on the main (HTTP) thread. Must outlive the API server it observes.
class MetricsEndpoint
{
public:
    MetricsEndpoint(Router &apiRouter, BoxOfficeHttpServer &apiServer,
                    const Authenticator &authenticator);
    ~MetricsEndpoint();

    // Starts the metrics listener, if one is configured (a null address: none);
    // false with *error set when it cannot listen.
    bool listen(const QHostAddress &address, quint16 port, int idleTimeoutMs, QString *error);
    // http://ADDR:PORT of the metrics listener; empty without one.
    QString url() const;

    // A metrics scraper needs a connection or two, not the API's thousand.
    static constexpr int kMaxConnections = 16;

private:
    MetricsController m_controller;
    RequestMetrics m_requestMetrics;
    std::unique_ptr<Router> m_router;
    std::unique_ptr<BoxOfficeHttpServer> m_server;
    QHostAddress m_address;
    quint16 m_port = 0;
};
