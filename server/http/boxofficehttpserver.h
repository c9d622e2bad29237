#pragma once

#include "router.h"

#include <QAbstractHttpServer>
#include <QPointer>

class QTcpSocket;

// The one file that touches QtHttpServer's request/response machinery.
//
// Qt 6.4's QHttpServer crashes when a client hangs up while a QFuture
// response is pending (it keeps a raw QTcpSocket*). So we implement
// handleRequest() ourselves: copy the request, let the Router run the work on
// the worker pool, and come back to this (the HTTP) thread with a QPointer to
// the socket. A socket that is gone by then is counted and the answer dropped.
// Answers on one connection go out in request order: a connection's next
// request is started only when the previous answer is written.
//
// Lives on the main thread.
class BoxOfficeHttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    explicit BoxOfficeHttpServer(const Router &router, QObject *parent = nullptr);

    quint64 droppedResponses() const { return m_droppedResponses; }

    // Listens with sockets whose read buffer is bounded: Qt 6.4 buffers a
    // whole request (any size) before handleRequest() sees it, so without a
    // bound one client could make the server allocate without limit.
    // Connections with no request in progress and no traffic for idleTimeoutMs
    // are closed, so idle or stalled clients cannot use up file descriptors.
    quint16 listenBounded(const QHostAddress &address, quint16 port, int idleTimeoutMs);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    void startNext(QTcpSocket *socket);
    void finish(const QPointer<QTcpSocket> &socket, const ApiResponse &response, bool close,
                bool head);

    const Router &m_router;
    quint64 m_droppedResponses = 0;
};
