#pragma once

#include "pushsubscriber.h"

class QWebSocket;

// A live-push subscriber over a WebSocket (GET /ws): one JSON text message a
// message. The client may change what it hears of at any time with
// {"type":"subscribe", ...}; anything else it sends gets an error message and
// the connection stays. Owns its socket and deletes itself when it closes.
class WebSocketSubscriber : public PushSubscriber
{
    Q_OBJECT
public:
    // Takes ownership of socket.
    WebSocketSubscriber(QWebSocket *socket, const PushSubscription &subscription);
    ~WebSocketSubscriber() override;

    // Messages larger than this close the connection (1009, too big).
    static constexpr qint64 kMaxIncomingBytes = 64 * 1024;
    // More than this many messages from the client in one second close it (1008).
    static constexpr int kMaxMessagesPerSecond = 20;

    void heartbeat() override;
    void close() override;

Q_SIGNALS:
    // A valid subscribe message, already applied; since > 0 asks to replay
    // what came after that feed number.
    void subscribeAsked(WebSocketSubscriber *subscriber, qint64 since);

protected:
    void write(const PushMessage &message) override;
    qint64 unsentBytes() const override;
    void flush() override;

private:
    void onText(const QString &text);

    QWebSocket *m_socket;
    qint64 m_windowStartMs = 0;
    int m_messagesInWindow = 0;
};
