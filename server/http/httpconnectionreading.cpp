#include "httpconnection.h"

#include "app/logcategories.h"
#include "streamedanswer.h"

#include <QLoggingCategory>
#include <QSocketNotifier>
#include <QTcpSocket>

#include <cerrno>
#include <sys/socket.h>

// How a connection watches its peer while it does not read: the part of
// HttpConnection that works around Qt 6.4's sockets (see setReading()).

bool HttpConnection::requestArriving() const
{
    char byte = 0; // the kernel's bytes count too, while reading is paused (setReading)
    return m_parser.midRequest() || m_upgradeCapture.unreadBytes(m_socket) > 0 ||
           ::recv(int(m_socket->socketDescriptor()), &byte, 1, MSG_PEEK | MSG_DONTWAIT) > 0;
}

// Qt 6.4's QTcpSocket cannot half-close: when it reads the client's FIN it
// closes the descriptor, so a client that sends its request and then shuts
// down its sending side (allowed by RFC 9112 9.6) would never get the answer.
// So while a request is in progress we keep Qt from reading (its socket
// engine's read notifier, a child of the socket, is switched off) and look at
// the connection ourselves with a non-consuming peek: a reset means the client
// is gone (its request is marked abandoned), a FIN means it has sent all it
// will and waits for its answers. Reading resumes when the answer is out.
void HttpConnection::setReading(bool enabled)
{
    if (!m_socket)
        return;
    if (enabled && m_peerFinished)
        enabled = false;
    const auto notifiers = m_socket->findChildren<QSocketNotifier *>();
    for (QSocketNotifier *notifier : notifiers) {
        if (notifier->type() == QSocketNotifier::Read)
            notifier->setEnabled(enabled);
    }
    if (enabled) {
        m_peerCheck.stop();
        if (m_upgradeCapture.unreadBytes(m_socket) > 0)
            QMetaObject::invokeMethod(this, &HttpConnection::readIncoming, Qt::QueuedConnection);
    } else if (!m_peerFinished && !m_peerCheck.isActive()) {
        m_peerCheck.start();
    }
}

void HttpConnection::checkPeer()
{
    if (!m_socket)
        return;
    char byte = 0;
    const ssize_t got =
        ::recv(int(m_socket->socketDescriptor()), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (got > 0)
        return; // more requests are waiting in the kernel; read when resumed
    if (got == 0) {
        m_peerCheck.stop();
        if (m_stream) {
            // A stream has no end the client could be waiting for: it has gone.
            m_socket->abort();
            return;
        }
        m_peerFinished = true;
        return;
    }
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
        return;
    qCDebug(lcHttp) << "client reset its connection:" << errno;
    m_peerCheck.stop();
    m_socket->abort(); // disconnected(): its in-flight request is marked abandoned
}

