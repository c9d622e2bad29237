#pragma once

#include <QByteArray>
#include <QtGlobal>

class QIODevice;

// Reads a connection's bytes for the parser, and keeps its first request
// unread until it is known whether it becomes a WebSocket: Qt 6.4's
// QWebSocketServer::handleConnection() reads the handshake from the socket
// itself, so the bytes our parser saw must still be in the socket then.
//
// Until then it only peeks; the bytes are taken once it is clear that the
// request will not be handed over (the first request is no upgrade, its answer
// is not one, or more than kMaxHandshakeBytes came without a whole request).
//
// Why peeking rather than a read transaction, and why bytes are taken with
// read(bytesAvailable()) rather than readAll(): Qt keeps the 16 KiB block of
// a socket's read buffer between uses unless a read takes the block whole,
// which only read(n) of exactly the buffered bytes does outside a
// transaction. Idle keep-alive connections and push subscribers then hold no
// read block (about 4.5 KiB resident each, docs/performance.md, issue 16).
class UpgradeCapture
{
public:
    static constexpr qint64 kMaxHandshakeBytes = 64 * 1024;

    // Before anything is read from socket.
    void begin(QIODevice *socket);
    // The bytes that arrived since the last call, for the parser.
    QByteArray takeArrived(QIODevice *socket);
    // Bytes in the socket that takeArrived() has not returned yet.
    qint64 unreadBytes(const QIODevice *socket) const;
    // The connection's first request is parsed; it may be handed over only
    // if it asks for an upgrade (the answer then decides).
    void firstRequestParsed(bool asksForUpgrade);
    // Whether the request being answered can still be handed over untouched.
    bool canHandOver() const { return m_device && m_upgradeAsked; }
    // Leaves every byte since begin() in the socket, for the new owner to read.
    void handOver();
    // The request was answered over HTTP after all: take what was peeked.
    void settle();

private:
    QIODevice *m_device = nullptr; // set while the first request's bytes stay in it
    qint64 m_peeked = 0;
    bool m_upgradeAsked = false;
};
