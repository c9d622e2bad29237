#pragma once

#include "eventstreamreader.h"
#include "pushbenchoptions.h"
#include "responseparser.h"
#include "websocketreader.h"

#include <QObject>
#include <QTcpSocket>

#include <vector>

// One show event for the watched show as one subscriber heard it.
struct ShowArrival
{
    qint64 micros = 0;     // CLOCK_MONOTONIC when it was read, the clock of the bookings
    qint64 wallMicros = 0; // CLOCK_REALTIME then, to compare with the event's "at"
    qint64 reserved = 0;   // reserved_seats
    qint64 atMs = 0;       // "at": the database's clock when the change was announced
};

// One live-push subscriber over a raw socket (SSE or WebSocket), recording when
// each show event for its show arrived and what it said. Timestamps are taken
// when the bytes are read, in the same process and on the same clock as the
// booking answers. As the idle run's baseline (KeepAlive) it is a plain
// keep-alive connection, ready once its one GET /health was answered.
// Lives on the main thread.
class BenchSubscriber : public QObject
{
    Q_OBJECT
public:
    // showId 0: every show (the idle run listens to all, as a browser would).
    BenchSubscriber(PushTransport transport, const QUrl &baseUrl, qint64 showId,
                    QObject *parent = nullptr);

    void open();
    void close();

    bool isReady() const { return m_ready; }
    bool isOpen() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QString failure() const { return m_failure; }
    const std::vector<ShowArrival> &arrivals() const { return m_arrivals; }
    int resyncs() const { return m_resyncs; }

Q_SIGNALS:
    void ready();  // the hello arrived
    void failed(); // before or after the hello; see failure()

private:
    void onReadyRead();
    void onMessage(const QByteArray &json, qint64 micros, qint64 wallMicros);
    void onKeepAliveAnswer(const QByteArray &bytes);
    void fail(const QString &why);

    PushTransport m_transport;
    QByteArray m_host;
    quint16 m_port;
    QByteArray m_target;
    qint64 m_showId;
    QTcpSocket m_socket;
    EventStreamReader m_eventStream;
    WebSocketReader m_webSocket;
    ResponseParser m_keepAlive;
    bool m_ready = false;
    QString m_failure;
    std::vector<ShowArrival> m_arrivals;
    int m_resyncs = 0;
};
