#include "metricsendpoint.h"

#include "listenerurl.h"

#include "http/boxofficehttpserver.h"
#include "http/router.h"

MetricsEndpoint::MetricsEndpoint(Router &apiRouter, BoxOfficeHttpServer &apiServer,
                                 const Authenticator &authenticator)
    : m_router(std::make_unique<Router>(Router::Options{&authenticator, nullptr, {}}))
{
    m_controller.registerRoutes(apiRouter, Router::Access::Admin);
    apiServer.addRequestObserver(&m_requestMetrics);
    m_controller.registerRoutes(*m_router, Router::Access::Public);
}

MetricsEndpoint::~MetricsEndpoint() = default;

bool MetricsEndpoint::listen(const QHostAddress &address, quint16 port, int idleTimeoutMs,
                             QString *error)
{
    if (address.isNull())
        return true;
    // Its own server: the API's connection cap, TLS and observers are not its business.
    m_server = std::make_unique<BoxOfficeHttpServer>(*m_router);
    m_server->setMaxConnections(kMaxConnections);
    m_port = m_server->listenBounded(address, port, idleTimeoutMs);
    if (m_port == 0) {
        *error = QStringLiteral("cannot listen for metrics on %1 port %2 (in use?)")
                     .arg(address.toString())
                     .arg(port);
        m_server.reset();
        return false;
    }
    m_address = address;
    return true;
}

QString MetricsEndpoint::url() const
{
    if (m_port == 0)
        return {};
    return ListenerUrl::of(QStringLiteral("http"), m_address, m_port);
}
