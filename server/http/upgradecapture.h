#pragma once

#include <QtGlobal>

class QIODevice;

// Keeps a connection's first request unread until it is known whether it
// becomes a WebSocket: Qt 6.4's QWebSocketServer::handleConnection() reads the
// handshake from the socket itself, so the bytes our parser took must go back.
// A read transaction on the socket does that: it is rolled back when the
// request is handed over, committed as soon as it is clear that it will not
// be (the first request is no upgrade, or more than kMaxHandshakeBytes came
// without a whole request).
class UpgradeCapture
{
public:
    static constexpr qint64 kMaxHandshakeBytes = 64 * 1024;

    // Before anything is read from socket.
    void begin(QIODevice *socket);
    // Bytes were read while no request was complete yet.
    void noteRead(qint64 bytes);
    // The connection's first request is parsed; it may be handed over only
    // if it asks for an upgrade (the answer then decides).
    void firstRequestParsed(bool asksForUpgrade);
    // Whether the request being answered can still be handed over untouched.
    bool canHandOver() const { return m_device && m_upgradeAsked; }
    // Puts every byte read since begin() back, for the new owner to read.
    void handOver();
    // The request was answered over HTTP after all; keep what was read.
    void settle();

private:
    QIODevice *m_device = nullptr; // set while the transaction is open
    qint64 m_read = 0;
    bool m_upgradeAsked = false;
};
