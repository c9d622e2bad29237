#pragma once

#include <QSslSocket>
#include <QTcpSocket>

#include <utility>

// What a connection must know to write to a socket that may be a QSslSocket.
//
// Qt 6.4 finding (qsslsocket.cpp): once encrypted, QSslSocket::bytesToWrite()
// counts only bytes not yet encrypted; the encrypted ones wait in its inner
// socket (encryptedBytesToWrite()), and bytesWritten() fires when bytes are
// encrypted, not when the kernel takes them (that is encryptedBytesWritten()).
// Code that caps unsent bytes or shuts a socket down "once the answer is out"
// must use these instead, or over TLS it caps nothing and cuts answers short.
namespace TlsSocket {

// Bytes written but not yet handed to the kernel, TLS or not.
inline qint64 unsentBytes(const QTcpSocket *socket)
{
    const auto *ssl = qobject_cast<const QSslSocket *>(socket);
    return socket->bytesToWrite() + (ssl ? ssl->encryptedBytesToWrite() : 0);
}

// Connects slot to "the kernel took some of our bytes", TLS or not.
template <typename Slot>
QMetaObject::Connection onKernelWrite(QTcpSocket *socket, const QObject *context, Slot &&slot)
{
    if (auto *ssl = qobject_cast<QSslSocket *>(socket))
        return QObject::connect(ssl, &QSslSocket::encryptedBytesWritten, context,
                                std::forward<Slot>(slot));
    return QObject::connect(socket, &QTcpSocket::bytesWritten, context, std::forward<Slot>(slot));
}

} // namespace TlsSocket
