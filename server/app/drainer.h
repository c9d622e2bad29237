#pragma once

#include <QObject>
#include <QTimer>

class BoxOfficeHttpServer;

// The first half of a graceful stop: the HTTP server stops accepting, idle
// connections close, and requests already received are answered (the last
// one on each connection with Connection: close) - until no connection is
// left, or the drain timeout passes, or end() is asked for (a second signal).
// Then finished() says the rest of the server may stop. While it drains,
// isDraining() is what GET /health/ready reports.
//
// Lives on the HTTP (main) thread, like the server it drains.
class Drainer : public QObject
{
    Q_OBJECT
public:
    Drainer(BoxOfficeHttpServer &http, int timeoutSeconds, QObject *parent = nullptr);

    bool isDraining() const { return m_draining; }
    bool isFinished() const { return m_finished; }

    // Starts draining; finished() follows, at the latest after the timeout.
    void begin();
    // Ends the drain now: what is still open is cut off when the server stops.
    void end();

Q_SIGNALS:
    // Once, when the drain is over (however it ended).
    void finished();

private:
    void finish(const char *why);

    BoxOfficeHttpServer &m_http;
    int m_timeoutSeconds;
    QTimer m_deadline;
    bool m_draining = false;
    bool m_finished = false;
};
