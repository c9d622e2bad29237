#include "boxofficehttpserver.h"

#include "app/logcategories.h"
#include "httpconnection.h"
#include "httplistener.h"
#include "metrics/servermetrics.h"
#include "tlsredirectconnection.h"

#include <QLoggingCategory>
#include <QTcpSocket>

BoxOfficeHttpServer::BoxOfficeHttpServer(const Router &router, QObject *parent)
    : QObject(parent), m_router(router)
{
}

BoxOfficeHttpServer::~BoxOfficeHttpServer()
{
    // The connections die with this object, after its members: they must not
    // report their end to a set that is gone.
    for (HttpConnection *connection : std::as_const(m_connections))
        disconnect(connection, nullptr, this, nullptr);
}

int BoxOfficeHttpServer::maxConnections() const
{
    return m_maxConnections > 0 ? m_maxConnections
                                : HttpListener::defaultMaxConnections(kReservedDescriptors);
}

quint16 BoxOfficeHttpServer::listenBounded(const QHostAddress &address, quint16 port,
                                           int idleTimeoutMs)
{
    m_idleTimeoutMs = idleTimeoutMs;
    auto *listener = new HttpListener(maxConnections(), this);
    if (m_tls)
        listener->setTlsConfiguration(*m_tls);
    if (!listener->listen(address, port)) {
        qCCritical(lcHttp) << "cannot listen:" << listener->errorString();
        delete listener;
        return 0;
    }
    connect(listener, &HttpListener::connectionReady, this, &BoxOfficeHttpServer::accept);
    m_listener = listener;
    qCInfo(lcHttp) << "accepting at most" << listener->maxConnections() << "connections";
    return listener->serverPort();
}

quint16 BoxOfficeHttpServer::listenRedirect(const QHostAddress &address, quint16 port,
                                            quint16 httpsPort)
{
    auto *listener = new HttpListener(maxConnections(), this);
    if (!listener->listen(address, port)) {
        qCCritical(lcHttp) << "cannot listen for redirects:" << listener->errorString();
        delete listener;
        return 0;
    }
    connect(listener, &HttpListener::connectionReady, this, [this, httpsPort](QTcpSocket *socket) {
        new TlsRedirectConnection(socket, httpsPort, this);
    });
    m_redirectListener = listener;
    return listener->serverPort();
}

void BoxOfficeHttpServer::accept(QTcpSocket *socket)
{
    // The connection parents itself to this server and deletes itself (and
    // its socket, freeing the listener's slot) when the client goes.
    auto *connection = new HttpConnection(socket, m_router, m_idleTimeoutMs, this, [this] {
        ++m_droppedResponses;
        qCDebug(lcHttp) << "client left before its answer; dropped" << m_droppedResponses;
    }, &m_observers);
    ServerMetrics::instance().connectionOpened();
    connect(connection, &QObject::destroyed, [] { ServerMetrics::instance().connectionClosed(); });
    m_connections.insert(connection);
    connect(connection, &QObject::destroyed, this, [this, connection] {
        m_connections.remove(connection);
        if (m_connections.isEmpty())
            emit lastConnectionClosed();
    });
}

void BoxOfficeHttpServer::stopAccepting()
{
    if (m_listener)
        m_listener->stopAccepting();
    if (m_redirectListener)
        m_redirectListener->stopAccepting();
}

void BoxOfficeHttpServer::closeConnectionsAfterAnswers()
{
    // A copy: a connection may close, and leave the set, at once.
    const QSet<HttpConnection *> connections = m_connections;
    for (HttpConnection *connection : connections) {
        if (m_connections.contains(connection))
            connection->closeAfterAnswers();
    }
}

int BoxOfficeHttpServer::openRequests() const
{
    int open = 0;
    for (const HttpConnection *connection : m_connections)
        open += connection->openRequests();
    return open;
}
