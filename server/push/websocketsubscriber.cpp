#include "websocketsubscriber.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QWebSocket>

WebSocketSubscriber::WebSocketSubscriber(QWebSocket *socket,
                                         const PushSubscription &subscription)
    : PushSubscriber(PushMetrics::Transport::WebSocket, subscription), m_socket(socket)
{
    m_socket->setParent(this);
    m_socket->setMaxAllowedIncomingMessageSize(kMaxIncomingBytes);
    m_socket->setMaxAllowedIncomingFrameSize(kMaxIncomingBytes);
    connect(m_socket, &QWebSocket::textMessageReceived, this, &WebSocketSubscriber::onText);
    connect(m_socket, &QWebSocket::binaryMessageReceived, this, [this] {
        write(PushMessages::error(QStringLiteral("invalid_message"),
                                  QStringLiteral("Messages are JSON text, not binary.")));
    });
    connect(m_socket, &QWebSocket::disconnected, this, [this] {
        emit gone(this);
        deleteLater();
    });
}

WebSocketSubscriber::~WebSocketSubscriber()
{
    emit gone(this);
}

void WebSocketSubscriber::write(const PushMessage &message)
{
    m_socket->sendTextMessage(QString::fromUtf8(message.json));
}

qint64 WebSocketSubscriber::unsentBytes() const
{
    return m_socket->bytesToWrite();
}

void WebSocketSubscriber::heartbeat()
{
    m_socket->ping();
}

void WebSocketSubscriber::close()
{
    m_socket->close(QWebSocketProtocol::CloseCodeGoingAway);
    // A client that never answers the close still goes, with its socket.
    m_socket->abort();
}

void WebSocketSubscriber::onText(const QString &text)
{
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (now - m_windowStartMs >= 1000) {
        m_windowStartMs = now;
        m_messagesInWindow = 0;
    }
    if (++m_messagesInWindow > kMaxMessagesPerSecond) {
        m_socket->close(QWebSocketProtocol::CloseCodePolicyViolated,
                        QStringLiteral("more than %1 messages a second").arg(kMaxMessagesPerSecond));
        return;
    }
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        write(PushMessages::error(QStringLiteral("invalid_json"),
                                  QStringLiteral("A message must be one JSON object.")));
        return;
    }
    const QJsonObject message = document.object();
    if (message.value(QLatin1String("type")).toString() != QLatin1String("subscribe")) {
        write(PushMessages::error(QStringLiteral("invalid_message"),
                                  QStringLiteral("The only message a client sends is "
                                                 "{\"type\":\"subscribe\", ...}.")));
        return;
    }
    const QJsonValue since = message.value(QLatin1String("since"));
    if (!since.isUndefined() && (!since.isDouble() || since.toDouble() < 0 ||
                                 since.toDouble() != double(since.toInteger()))) {
        write(PushMessages::error(QStringLiteral("invalid_field"),
                                  QStringLiteral("since must be a feed number (seq) or 0.")));
        return;
    }
    PushSubscription next = subscription();
    if (const QString error = next.readMessage(message); !error.isEmpty()) {
        write(PushMessages::error(QStringLiteral("invalid_field"), error));
        return;
    }
    setSubscription(next);
    emit subscribeAsked(this, since.toInteger());
}

void WebSocketSubscriber::flush()
{
    m_socket->flush();
}
