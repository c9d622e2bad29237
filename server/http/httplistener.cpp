#include "httplistener.h"

#include "apiresponse.h"
#include "httpconnection.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QTimer>

#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

Q_DECLARE_LOGGING_CATEGORY(lcHttp)

HttpListener::HttpListener(int maxConnections, QObject *parent)
    : QTcpServer(parent), m_max(qMax(1, maxConnections))
{
    connect(this, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError error) {
        qCWarning(lcHttp) << "accept() failed:" << error << errorString() << "- retrying in"
                          << kAcceptRetryMs << "ms";
        QTimer::singleShot(kAcceptRetryMs, this, [this] {
            if (isListening())
                resumeAccepting();
        });
    });
}

int HttpListener::defaultMaxConnections(int reservedDescriptors)
{
    rlimit limit{};
    qint64 soft = 1024; // the usual default, if the limit cannot be read
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
        soft = limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 30 : qint64(limit.rlim_cur);
    return int(qBound(qint64(1), soft - reservedDescriptors, qint64(1000)));
}

void HttpListener::incomingConnection(qintptr descriptor)
{
    if (m_open >= m_max) {
        refuseBusy(descriptor);
        return;
    }
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    emit connectionReady(socket);
}

void HttpListener::refuseBusy(qintptr descriptor)
{
    if (m_refusing >= kMaxRefusing) {
        ::close(int(descriptor));
        return;
    }
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(int(descriptor));
        return;
    }
    ++m_refusing;
    connect(socket, &QObject::destroyed, this, [this] { --m_refusing; });
    qCDebug(lcHttp) << "refusing a connection:" << m_open << "open of" << m_max;
    const ApiResponse busy = ApiResponse::error(
        ErrorCode::ServerBusy, QStringLiteral("Too many open connections; try again shortly."));
    socket->write(HttpConnection::serialise(busy, true, false));
    // Whatever the client sends is discarded until it closes, or for a moment.
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(HttpConnection::kLingerMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    // Our FIN after the answer, not a close: closing with the client's bytes
    // unread would reset the connection and could destroy the answer.
    socket->flush();
    if (socket->bytesToWrite() == 0)
        ::shutdown(int(socket->socketDescriptor()), SHUT_WR);
    else
        socket->disconnectFromHost();
}
