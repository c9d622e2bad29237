#pragma once

#include "latencyhistogram.h"
#include "responseparser.h"

#include <QMap>
#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <deque>
#include <memory>
#include <vector>

// Books one seat at a time on one show at a fixed rate (open loop) over a few
// keep-alive connections, one request in flight on each; a request due while
// every connection is busy waits for the next free one, and its latency counts
// from when it was due, so a slow server cannot hide its queue. Records when
// each 201 arrived: the k-th means the show had at least k seats reserved then.
// Lives on the main thread, beside the subscribers, on the same clock.
class BookingDriver : public QObject
{
    Q_OBJECT
public:
    BookingDriver(const QUrl &baseUrl, const QByteArray &token, qint64 showId, int connections,
                  double rate, double seconds, QObject *parent = nullptr);
    ~BookingDriver() override;

    // Connects, then books until the time is up and every answer is in (or
    // lost); emits finished().
    void start();

    qint64 startMicros() const { return m_startMicros; }
    qint64 endMicros() const { return m_endMicros; }
    const std::vector<qint64> &acknowledgedAt() const { return m_acks; }
    const LatencyHistogram &latency() const { return m_latency; }
    const QMap<int, qint64> &statuses() const { return m_statuses; }
    qint64 sent() const { return m_sent; }
    qint64 transportErrors() const { return m_transportErrors; }
    qint64 late() const { return m_late; } // sent over 1 ms after it was due, or never

Q_SIGNALS:
    void finished();

private:
    struct Connection
    {
        QTcpSocket socket;
        ResponseParser parser;
        bool busy = false;
        qint64 dueMicros = 0;
    };
    void onConnected();
    void pump();
    void send(Connection &c, qint64 due);
    void onReadyRead(Connection &c);
    void onLost(Connection &c);
    void finishIfDone();

    QByteArray m_request;
    QString m_host;
    quint16 m_port;
    double m_intervalMicros;
    qint64 m_durationMicros;
    std::vector<std::unique_ptr<Connection>> m_connections;
    int m_connected = 0;
    std::deque<qint64> m_backlog; // due, no free connection yet
    double m_nextDue = 0;
    qint64 m_startMicros = 0;
    qint64 m_endMicros = 0;
    bool m_scheduling = false;
    bool m_done = false;
    QTimer m_tick;
    QTimer m_drainDeadline;
    std::vector<qint64> m_acks;
    LatencyHistogram m_latency;
    QMap<int, qint64> m_statuses;
    qint64 m_sent = 0;
    qint64 m_transportErrors = 0;
    qint64 m_late = 0;
};
