#include "httplistener.h"

#include "directwritesocket.h"

#include "apiresponse.h"
#include "app/logcategories.h"
#include "httpconnection.h"
#include "httpresponsewriter.h"
#include "tlscontext.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

HttpListener::HttpListener(int maxConnections, QObject *parent)
    : QObject(parent), m_max(qMax(1, maxConnections))
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kAcceptRetryMs);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_notifier)
            m_notifier->setEnabled(true); // level-triggered: fires again if clients wait
    });
}

HttpListener::~HttpListener()
{
    delete m_notifier;
    if (m_fd >= 0)
        ::close(m_fd);
}

bool HttpListener::listen(const QHostAddress &address, quint16 port)
{
    // QHostAddress::Any is dual-stack: an IPv6 socket that also takes IPv4,
    // or plain IPv4 where the host has no IPv6.
    const bool any = address == QHostAddress(QHostAddress::Any);
    bool ipv6 = any || address.protocol() == QAbstractSocket::IPv6Protocol;
    m_fd = ::socket(ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (m_fd < 0 && any) {
        ipv6 = false;
        m_fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    }
    if (m_fd < 0) {
        m_error = QString::fromLocal8Bit(strerror(errno));
        return false;
    }
    const int on = 1;
    ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
    sockaddr_storage storage{};
    socklen_t length = 0;
    if (ipv6) {
        const int v6only = any ? 0 : 1;
        ::setsockopt(m_fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, sizeof v6only);
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        if (!any) {
            const Q_IPV6ADDR bytes = address.toIPv6Address();
            std::memcpy(&in6->sin6_addr, &bytes, sizeof bytes);
        }
        length = sizeof(sockaddr_in6);
    } else {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = any ? htonl(INADDR_ANY) : htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    }
    if (::bind(m_fd, reinterpret_cast<sockaddr *>(&storage), length) != 0 ||
        ::listen(m_fd, kListenBacklog) != 0 ||
        ::getsockname(m_fd, reinterpret_cast<sockaddr *>(&storage), &length) != 0) {
        m_error = QString::fromLocal8Bit(strerror(errno));
        ::close(m_fd);
        m_fd = -1;
        return false;
    }
    m_port = ntohs(ipv6 ? reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port
                        : reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    m_notifier = new QSocketNotifier(qintptr(m_fd), QSocketNotifier::Read, this);
    connect(m_notifier, &QSocketNotifier::activated, this, &HttpListener::acceptPending);
    return true;
}

void HttpListener::stopAccepting()
{
    m_retry.stop();
    delete m_notifier; // before its descriptor is closed
    m_notifier = nullptr;
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

void HttpListener::acceptPending()
{
    // A bounded batch, so a burst of clients cannot starve everything else.
    for (int i = 0; i < 64; ++i) {
        const int descriptor = ::accept4(m_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (descriptor >= 0) {
            if (m_acceptFailures > 0) {
                qCInfo(lcHttp) << "accepting again after" << m_acceptFailures << "failed attempts";
                m_acceptFailures = 0;
            }
            incomingConnection(descriptor);
            continue;
        }
        const int error = errno;
        if (error == EAGAIN || error == EWOULDBLOCK)
            return;
        if (error == EINTR || error == ECONNABORTED || error == EPROTO)
            continue; // that client gave up before we took it; take the next
        // EMFILE, ENFILE, ENOBUFS, ENOMEM: only time (closing connections) helps.
        if (m_acceptFailures++ == 0)
            qCWarning(lcHttp) << "accept() failed:" << strerror(error) << "with" << m_open
                              << "connections open; retrying every" << kAcceptRetryMs << "ms";
        m_notifier->setEnabled(false);
        m_retry.start();
        return;
    }
}

int HttpListener::defaultMaxConnections(int reservedDescriptors)
{
    rlimit limit{};
    qint64 soft = 1024; // the usual default, if the limit cannot be read
    if (getrlimit(RLIMIT_NOFILE, &limit) == 0)
        soft = limit.rlim_cur == RLIM_INFINITY ? qint64(1) << 30 : qint64(limit.rlim_cur);
    return int(qBound(qint64(1), soft - reservedDescriptors, qint64(1000)));
}

QTcpSocket *HttpListener::adopt(int descriptor, int *count)
{
    QTcpSocket *socket = nullptr;
    if (m_tls) {
        auto *ssl = new QSslSocket(this);
        ssl->setSslConfiguration(*m_tls);
        socket = ssl;
    } else {
        socket = new DirectWriteSocket(this);
    }
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        ::close(descriptor);
        return nullptr;
    }
    ++*count;
    connect(socket, &QObject::destroyed, this, [count] { --*count; });
    return socket;
}

void HttpListener::incomingConnection(int descriptor)
{
    if (m_open >= m_max) {
        refuseBusy(descriptor);
        return;
    }
    QTcpSocket *socket = adopt(descriptor, &m_open);
    if (!socket)
        return;
    if (m_tls)
        startHandshake(socket);
    else
        emit connectionReady(socket);
}

void HttpListener::startHandshake(QTcpSocket *socket)
{
    auto *ssl = static_cast<QSslSocket *>(socket);
    // The context of the handshake's own connections, so they can go without
    // touching the one that frees the connection slot when the socket dies.
    auto *handshake = new QObject(ssl);
    const auto end = [ssl, handshake] {
        QObject::disconnect(ssl, nullptr, handshake, nullptr);
        handshake->deleteLater();
    };
    // Everything that ends a handshake other than success ends the socket too.
    // Failures are the client's business (a scanner, plain HTTP, an old
    // protocol): logged for troubleshooting only.
    const auto drop = [ssl, end](const QString &why) {
        end();
        qCDebug(lcHttp) << "TLS handshake with" << ssl->peerAddress().toString()
                        << "failed:" << why;
        ssl->abort();
        ssl->deleteLater();
    };
    connect(ssl, &QSslSocket::encrypted, handshake, [this, ssl, end] {
        end(); // from here on the connection owns the socket and its errors
        emit connectionReady(ssl);
    });
    connect(ssl, &QSslSocket::errorOccurred, handshake, [ssl, drop] { drop(ssl->errorString()); });
    connect(ssl, &QSslSocket::disconnected, handshake,
            [drop] { drop(QStringLiteral("the client closed the connection")); });
    QTimer::singleShot(TlsContext::kHandshakeTimeoutMs, handshake,
                       [drop] { drop(QStringLiteral("it took too long")); });
    ssl->startServerEncryption();
}

void HttpListener::refuseBusy(int descriptor)
{
    // A TLS client could not read a plain answer, and a handshake is the very
    // cost the cap avoids: it is closed unanswered.
    if (m_refusing >= kMaxRefusing || m_tls) {
        ::close(descriptor);
        return;
    }
    QTcpSocket *socket = adopt(descriptor, &m_refusing);
    if (!socket)
        return;
    qCDebug(lcHttp) << "refusing a connection:" << m_open << "open of" << m_max;
    const ApiResponse busy = ApiResponse::error(
        ErrorCode::ServerBusy, QStringLiteral("Too many open connections; try again shortly."));
    socket->write(HttpResponseWriter::serialise(busy, true, false));
    // Our FIN after the answer, then close at once if the client has sent
    // nothing (the usual case: it is refused on connecting). If it has sent
    // something, closing with its bytes unread would reset the connection and
    // could destroy the answer, so those are read and discarded until it
    // closes, or for a moment.
    socket->flush();
    const int fd = descriptor;
    char byte = 0;
    if (socket->bytesToWrite() == 0 && socket->bytesAvailable() == 0 &&
        ::recv(fd, &byte, 1, MSG_PEEK | MSG_DONTWAIT) < 0 && errno == EAGAIN) {
        ::shutdown(fd, SHUT_WR);
        delete socket; // at once: a burst of refusals must not pile up until the event loop
        return;
    }
    connect(socket, &QTcpSocket::readyRead, socket, [socket] { socket->readAll(); });
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QTimer::singleShot(HttpConnection::kLingerMs, socket, [socket] {
        socket->abort();
        socket->deleteLater();
    });
    if (socket->bytesToWrite() == 0)
        ::shutdown(fd, SHUT_WR);
    else
        socket->disconnectFromHost();
}
