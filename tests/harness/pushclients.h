#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QTcpSocket>
#include <QUrl>
#include <QWebSocket>

// Live-push subscribers for tests: what they received, message by message.
// Both collect on the test thread's event loop; wait with QTRY_*.

// A WebSocket subscriber (GET /ws) through Qt's own client.
class WebSocketPushClient : public QObject
{
    Q_OBJECT
public:
    // query: e.g. "bookings=all"; token: sent as a bearer credential if not empty.
    WebSocketPushClient(const QUrl &baseUrl, const QString &query = {},
                        const QByteArray &token = {});

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    void send(const QJsonObject &message);
    void close() { m_socket.close(); }

    QList<QJsonObject> messages;
    // The messages of one type, in order.
    QList<QJsonObject> ofType(const QString &type) const;
    int closeCode() const { return int(m_socket.closeCode()); }

private:
    QWebSocket m_socket;
};

// A Server-Sent Events subscriber (GET /events) over a raw socket, parsing the
// chunked stream itself, so the test sees exactly what a browser would.
class EventStreamClient : public QObject
{
    Q_OBJECT
public:
    struct Event
    {
        QByteArray id;
        QByteArray type;
        QJsonObject data;
    };
    EventStreamClient(const QUrl &baseUrl, const QString &query = {},
                      const QList<QPair<QByteArray, QByteArray>> &headers = {});

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    // The status line and headers of the answer, once read.
    QByteArray head() const { return m_head; }
    QList<Event> events;
    QList<Event> ofType(const QByteArray &type) const;
    int comments = 0; // ": keepalive" lines

private:
    void onReadyRead();
    void parseEvents();

    QTcpSocket m_socket;
    QByteArray m_buffer;   // raw bytes not yet taken
    QByteArray m_head;
    QByteArray m_body;     // de-chunked stream text not yet parsed into events
    bool m_headDone = false;
};
