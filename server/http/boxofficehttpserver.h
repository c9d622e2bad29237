#pragma once

#include "requestobserver.h"
#include "router.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QSslConfiguration>

#include <optional>

class HttpConnection;
class HttpListener;
class QTcpSocket;

// The HTTP server: a listener (HttpListener, connection cap) that hands each
// accepted socket to an HttpConnection (our own strict parser, answers in
// request order, idle timeout), which runs requests through the Router.
//
// Qt 6.4's QAbstractHttpServer is not used: its parser drops every header of
// a request it cannot fully parse (so a body became a second request), says
// nothing on a malformed request line and buffers any request size; and its
// QFuture responses crash when a client hangs up (see the Qt 6.4 findings).
//
// With a TLS configuration (TlsContext) the listener speaks HTTPS only: a
// connection reaches HttpConnection once its handshake is done, and its
// socket is a QSslSocket (which is a QTcpSocket), so everything above the
// listener, the WebSocket seam included, is the same for both.
//
// Lives on the main thread.
class BoxOfficeHttpServer : public QObject
{
    Q_OBJECT
public:
    explicit BoxOfficeHttpServer(const Router &router, QObject *parent = nullptr);
    ~BoxOfficeHttpServer() override;

    quint64 droppedResponses() const { return m_droppedResponses; }

    // Told about every request on every connection (access log, metrics);
    // not owned, must outlive the server. Add before listening.
    void addRequestObserver(RequestObserver *observer) { m_observers.append(observer); }

    // Open connections allowed before new ones get 503 server_busy; 0 (the
    // default) means HttpListener::defaultMaxConnections(). Set before listening.
    void setMaxConnections(int maxConnections) { m_maxConnections = maxConnections; }
    int maxConnections() const;

    // Listens; returns the port, 0 on failure. Connections with no request in
    // progress and no traffic for idleTimeoutMs are closed, so idle or stalled
    // clients cannot use up file descriptors.
    quint16 listenBounded(const QHostAddress &address, quint16 port, int idleTimeoutMs);

    // Set before listenBounded(): that port then speaks only TLS.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool isEncrypted() const { return m_tls.has_value(); }
    // A plain-HTTP port whose every request is redirected (308) to httpsPort;
    // returns the port, 0 on failure. It shares nothing with the HTTPS port but
    // the connection cap's size.
    quint16 listenRedirect(const QHostAddress &address, quint16 port, quint16 httpsPort);

    // Draining (see Drainer): closes every listening socket, so the ports
    // refuse new connections; the open ones go on.
    void stopAccepting();
    // Every open connection answers what it has received, then closes; idle
    // ones close now. lastConnectionClosed() follows when none is left.
    void closeConnectionsAfterAnswers();
    int openConnections() const { return int(m_connections.size()); }
    // Requests received on open connections and not yet answered.
    int openRequests() const;

    // Descriptors kept free for everything but client connections (database
    // connections, files, the embedded cluster's pipes) when the cap is derived
    // from RLIMIT_NOFILE.
    static constexpr int kReservedDescriptors = 96;

Q_SIGNALS:
    // The last open HTTP connection (not counting redirects) has gone.
    void lastConnectionClosed();

private:
    void accept(QTcpSocket *socket);

    const Router &m_router;
    QPointer<HttpListener> m_listener;
    QPointer<HttpListener> m_redirectListener;
    std::optional<QSslConfiguration> m_tls;
    int m_maxConnections = 0;
    int m_idleTimeoutMs = 60000;
    quint64 m_droppedResponses = 0;
    RequestObservers m_observers;
    QSet<HttpConnection *> m_connections;
};
