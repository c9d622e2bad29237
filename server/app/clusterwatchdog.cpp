#include "clusterwatchdog.h"

#include "db/embeddedcluster.h"
#include "logcategories.h"

#include <QLoggingCategory>

ClusterWatchdog::ClusterWatchdog(EmbeddedCluster &cluster, QObject *parent)
    : QObject(parent), m_cluster(cluster), m_timer(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClusterWatchdog::check);
}

void ClusterWatchdog::start()
{
    m_timer.start(kPollMs);
}

void ClusterWatchdog::check()
{
    if (m_cluster.isRunning()) {
        m_retryMs = 0;
        m_timer.start(kPollMs);
        return;
    }
    if (m_retryMs == 0)
        qCWarning(lcServer) << "the embedded PostgreSQL has stopped; restarting it";
    if (m_cluster.restart()) {
        qCInfo(lcServer) << "the embedded PostgreSQL is back on port" << m_cluster.settings().port;
        m_retryMs = 0;
        m_timer.start(kPollMs);
        return;
    }
    // Its old backends may still hold the shared memory for a moment; try again later.
    m_retryMs = m_retryMs == 0 ? kFirstRetryMs : qMin(m_retryMs * 2, kMaxRetryMs);
    qCWarning(lcServer) << "cannot restart the embedded PostgreSQL:" << m_cluster.errorString()
                        << "- next try in" << m_retryMs / 1000.0 << "s";
    m_timer.start(m_retryMs);
}
