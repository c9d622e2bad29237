#include "boxofficehttpserver.h"

#include "connectionqueue.h"
#include "timestamps.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcHttp, "boxoffice.http")

namespace {
// A client pipelining more than this many unanswered requests is cut off
// rather than allowed to queue without bound.
constexpr qsizetype kMaxWaitingRequests = 64;
// Bytes of one connection kept in memory while a request is incomplete. A
// request larger than this stalls (TCP pushes back on the sender) instead of
// growing the server; bodies over Router::kMaxBodyBytes that fit get a 413.
constexpr qint64 kReadBufferBytes = 256 * 1024;
// Answers not yet taken by a slow reader; past this, the next request waits.
constexpr qint64 kMaxUnsentBytes = 1024 * 1024;

class BoundedTcpServer : public QTcpServer
{
public:
    BoundedTcpServer(int idleTimeoutMs, QObject *parent)
        : QTcpServer(parent), m_idleTimeoutMs(idleTimeoutMs)
    {
    }

protected:
    void incomingConnection(qintptr descriptor) override
    {
        auto *socket = new QTcpSocket(this);
        if (!socket->setSocketDescriptor(descriptor)) {
            delete socket;
            return;
        }
        socket->setReadBufferSize(kReadBufferBytes);
        // Any traffic restarts the clock; a request being worked on keeps the
        // connection open however long the database takes. A stalled upload
        // (read buffer full) makes no traffic and is closed too.
        auto *idle = new QTimer(socket);
        idle->setSingleShot(true);
        idle->setInterval(m_idleTimeoutMs);
        const auto restart = [idle] { idle->start(); };
        connect(socket, &QTcpSocket::readyRead, idle, restart);
        connect(socket, &QTcpSocket::bytesWritten, idle, restart);
        connect(idle, &QTimer::timeout, socket, [socket, idle] {
            // Waiting on our own work keeps a connection; waiting for a client
            // that does not read its answers does not.
            const ConnectionQueue *queue = ConnectionQueue::of(socket);
            const bool drainingToSilentClient = queue && queue->drain;
            if (queue && (queue->busy || !queue->waiting.isEmpty()) && !drainingToSilentClient) {
                idle->start();
                return;
            }
            socket->abort();
        });
        idle->start();
        addPendingConnection(socket);
    }

private:
    int m_idleTimeoutMs;
};

QByteArray serialise(const ApiResponse &response, bool close, bool head)
{
    QByteArray out;
    out.reserve(192 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           ApiResponse::reasonPhrase(response.status) + "\r\n";
    out += "Content-Type: application/json\r\n";
    out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    out += "Date: " + Timestamps::toHttpDate(QDateTime::currentDateTimeUtc()).toLatin1() + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!head)
        out += response.body;
    return out;
}
} // namespace

BoxOfficeHttpServer::BoxOfficeHttpServer(const Router &router, QObject *parent)
    : QAbstractHttpServer(parent), m_router(router)
{
}

bool BoxOfficeHttpServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    ConnectionQueue *queue = ConnectionQueue::of(socket);
    if (!queue)
        queue = new ConnectionQueue(socket);
    if (queue->waiting.size() >= kMaxWaitingRequests) {
        qCWarning(lcHttp) << "closing a connection with" << queue->waiting.size()
                          << "unanswered requests";
        socket->abort();
        return true;
    }
    queue->waiting.enqueue(ApiRequest::from(request));
    if (!queue->busy)
        startNext(socket);
    return true;
}

quint16 BoxOfficeHttpServer::listenBounded(const QHostAddress &address, quint16 port,
                                           int idleTimeoutMs)
{
    auto *server = new BoundedTcpServer(idleTimeoutMs, this);
    if (!server->listen(address, port)) {
        qCCritical(lcHttp) << "cannot listen:" << server->errorString();
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

void BoxOfficeHttpServer::missingHandler(const QHttpServerRequest &, QTcpSocket *socket)
{
    // handleRequest() takes every request; this only satisfies the interface.
    socket->disconnectFromHost();
}

void BoxOfficeHttpServer::startNext(QTcpSocket *socket)
{
    ConnectionQueue *queue = ConnectionQueue::of(socket);
    if (!queue || queue->waiting.isEmpty())
        return;
    queue->busy = true;
    const ApiRequest request = queue->waiting.dequeue();
    const bool close = request.closeAfterResponse;
    const bool head = request.method == QHttpServerRequest::Method::Head;
    QPointer<QTcpSocket> guard(socket);
    m_router.dispatch(request).then(this, [this, guard, close, head](const ApiResponse &response) {
        finish(guard, response, close, head);
    });
}

void BoxOfficeHttpServer::finish(const QPointer<QTcpSocket> &socket, const ApiResponse &response,
                                 bool close, bool head)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState) {
        ++m_droppedResponses;
        qCDebug(lcHttp) << "client left before its answer; dropped" << m_droppedResponses;
        return;
    }
    socket->write(serialise(response, close, head));
    if (close) {
        socket->disconnectFromHost();
        return;
    }
    ConnectionQueue *queue = ConnectionQueue::of(socket);
    if (!queue)
        return;
    if (socket->bytesToWrite() > kMaxUnsentBytes) {
        // A client that sends but does not read: take no more of its requests
        // until it has read what we already answered.
        QTcpSocket *raw = socket.data();
        queue->drain = connect(raw, &QTcpSocket::bytesWritten, queue, [this, raw, queue] {
            if (raw->bytesToWrite() > kMaxUnsentBytes)
                return;
            disconnect(queue->drain);
            queue->drain = {};
            queue->busy = false;
            startNext(raw);
        });
        return;
    }
    queue->busy = false;
    startNext(socket);
}
