#include "pushclients.h"

#include <QJsonDocument>
#include <QNetworkRequest>

WebSocketPushClient::WebSocketPushClient(const QUrl &baseUrl, const QString &query,
                                         const QByteArray &token)
{
    QUrl url = baseUrl;
    url.setScheme(baseUrl.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                              : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/ws"));
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    connect(&m_socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
        messages.append(QJsonDocument::fromJson(text.toUtf8()).object());
    });
    m_socket.open(request);
}

void WebSocketPushClient::send(const QJsonObject &message)
{
    m_socket.sendTextMessage(QString::fromUtf8(QJsonDocument(message).toJson()));
}

QList<QJsonObject> WebSocketPushClient::ofType(const QString &type) const
{
    QList<QJsonObject> found;
    for (const QJsonObject &message : messages) {
        if (message.value(QLatin1String("type")).toString() == type)
            found.append(message);
    }
    return found;
}

EventStreamClient::EventStreamClient(const QUrl &baseUrl, const QString &query,
                                     const QList<QPair<QByteArray, QByteArray>> &headers)
{
    connect(&m_socket, &QTcpSocket::readyRead, this, &EventStreamClient::onReadyRead);
    QByteArray request = "GET /events";
    if (!query.isEmpty())
        request += '?' + query.toUtf8();
    request += " HTTP/1.1\r\nHost: " + baseUrl.host().toUtf8() + ':' +
               QByteArray::number(baseUrl.port()) + "\r\nAccept: text/event-stream\r\n";
    for (const auto &[name, value] : headers)
        request += name + ": " + value + "\r\n";
    request += "\r\n";
    connect(&m_socket, &QTcpSocket::connected, this, [this, request] { m_socket.write(request); });
    m_socket.connectToHost(baseUrl.host(), quint16(baseUrl.port()));
}

QList<EventStreamClient::Event> EventStreamClient::ofType(const QByteArray &type) const
{
    QList<Event> found;
    for (const Event &event : events) {
        if (event.type == type)
            found.append(event);
    }
    return found;
}

void EventStreamClient::onReadyRead()
{
    m_buffer += m_socket.readAll();
    if (!m_headDone) {
        const qsizetype end = m_buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        m_head = m_buffer.left(end);
        m_buffer.remove(0, end + 4);
        m_headDone = true;
    }
    const bool chunked = m_head.toLower().contains("transfer-encoding: chunked");
    if (!chunked) {
        m_body += m_buffer; // an error answer, or HTTP/1.0 framing: until close
        m_buffer.clear();
    }
    while (chunked) {
        const qsizetype lineEnd = m_buffer.indexOf("\r\n");
        if (lineEnd < 0)
            break;
        bool ok = false;
        const qsizetype size = m_buffer.left(lineEnd).toLongLong(&ok, 16);
        if (!ok || m_buffer.size() < lineEnd + 2 + size + 2)
            break;
        m_body += m_buffer.mid(lineEnd + 2, size);
        m_buffer.remove(0, lineEnd + 2 + size + 2);
        if (size == 0)
            break;
    }
    parseEvents();
}

void EventStreamClient::parseEvents()
{
    for (;;) {
        const qsizetype end = m_body.indexOf("\n\n");
        if (end < 0)
            return;
        const QByteArray block = m_body.left(end);
        m_body.remove(0, end + 2);
        Event event;
        bool any = false;
        for (const QByteArray &line : block.split('\n')) {
            if (line.startsWith(':')) {
                ++comments;
            } else if (line.startsWith("id: ")) {
                event.id = line.mid(4);
            } else if (line.startsWith("event: ")) {
                event.type = line.mid(7);
                any = true;
            } else if (line.startsWith("data: ")) {
                event.data = QJsonDocument::fromJson(line.mid(6)).object();
                any = true;
            }
        }
        if (any)
            events.append(event);
    }
}
