#pragma once

#include <QObject>
#include <QTimer>

class EmbeddedCluster;

// Brings the embedded PostgreSQL back when its postmaster dies while the server
// runs (killed, out of memory): polls it, and restarts it on the same port,
// retrying with a growing delay. Meanwhile requests answer 503
// database_unavailable and recover by themselves once it is back, because the
// database sessions reconnect. Lives on a thread of its own, since a restart
// blocks for seconds; the cluster is not touched by any other thread meanwhile.
class ClusterWatchdog : public QObject
{
    Q_OBJECT
public:
    explicit ClusterWatchdog(EmbeddedCluster &cluster, QObject *parent = nullptr);

    void start();

    static constexpr int kPollMs = 500;
    static constexpr int kFirstRetryMs = 1000;
    static constexpr int kMaxRetryMs = 30000;

private:
    void check();

    EmbeddedCluster &m_cluster;
    QTimer m_timer;
    int m_retryMs = 0; // 0 while the cluster is up
};
