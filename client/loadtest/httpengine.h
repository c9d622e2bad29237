#pragma once

#include "responseparser.h"
#include "runstats.h"
#include "scenario.h"

#include <atomic>
#include <vector>

#include <sys/socket.h>

// What every engine thread shares: where to connect, how long, and how many requests
// are left. The budget and counters are atomics; everything else is read-only.
struct EngineShared
{
    sockaddr_storage address{};
    socklen_t addressLength = 0;
    qint64 startMicros = 0;
    qint64 measureFromMicros = 0; // after --warmup
    qint64 endMicros = 0;         // 0 with --requests
    qint64 requestLimit = 0;      // 0 = until endMicros
    std::atomic<qint64> claimed{0};
    std::atomic<bool> stop{false};
    // For the progress line.
    std::atomic<qint64> answered{0};
    std::atomic<qint64> failed{0};

    // One measured request more, or false when --requests are all taken.
    bool claim();
};

// One engine thread's share of the connections: non-blocking sockets on one epoll,
// keep-alive HTTP/1.1, one request in flight per connection. Closed loop sends the next
// request when the answer arrived; open loop (ratePerSecond > 0) sends at fixed
// intervals and measures from the scheduled time, so a slow server cannot hide its
// queue (no coordinated omission). Owned by and run on its own thread.
class HttpEngine
{
public:
    HttpEngine(EngineShared &shared, ScenarioWorker &worker, int connections,
               double ratePerSecond, double rampSeconds);
    ~HttpEngine();

    void run(); // returns when the run is over and in-flight answers are in
    RunStats &stats() { return m_stats; }

private:
    struct Connection
    {
        int fd = -1;
        bool connecting = false;
        bool busy = false;
        bool watchingWrite = false;
        bool measured = false;
        qint64 openAtMicros = 0;
        qint64 startMicros = 0; // scheduled (open loop) or actual send time
        QByteArray out;
        qsizetype written = 0;
        ResponseParser parser;
        ScenarioWorker::Request request;
    };

    void open(Connection &c, qint64 now);
    void close(Connection &c, qint64 reopenAt);
    void fail(Connection &c, qint64 now);
    void send(Connection &c, qint64 startMicros, bool measured);
    void flush(Connection &c, qint64 now);
    void onReadable(Connection &c, qint64 now);
    void onIdle(Connection &c, qint64 now);
    void watch(Connection &c, bool writable);
    bool mayStartMore(qint64 now) const;

    EngineShared &m_shared;
    ScenarioWorker &m_worker;
    std::vector<Connection> m_connections;
    std::vector<int> m_idle; // open loop: connected and free
    double m_intervalMicros = 0.0;
    double m_nextDue = 0.0;
    std::vector<qint64> m_backlog; // open loop: scheduled, no free connection yet
    size_t m_backlogHead = 0;
    bool m_budgetGone = false;
    bool m_stopping = false;
    int m_closedCount = 0;
    int m_epoll = -1;
    RunStats m_stats;
};
