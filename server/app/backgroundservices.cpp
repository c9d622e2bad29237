#include "backgroundservices.h"

#include "auth/tokencacherefresher.h"
#include "booking/holdexpiryscheduler.h"
#include "booking/idempotencykeyjanitor.h"
#include "clusterwatchdog.h"
#include "db/notificationhub.h"
#include "flags/flagsnapshotrefresher.h"

namespace {
// obj runs on thread from its start and is deleted when the thread finishes.
template <typename T>
void runOn(QThread &thread, T *object)
{
    object->moveToThread(&thread);
    QObject::connect(&thread, &QThread::started, object, &T::start);
    QObject::connect(&thread, &QThread::finished, object, &QObject::deleteLater);
}
} // namespace

BackgroundServices::~BackgroundServices()
{
    stop();
}

void BackgroundServices::start(const DatabaseSettings &database, FlagSnapshot &flags,
                               TokenCache &tokens, EmbeddedCluster *cluster)
{
    // The one LISTEN connection, on a thread of its own.
    auto *hub = new NotificationHub(database);
    m_notifications = hub;
    runOn(m_notificationThread, hub);
    m_notificationThread.setObjectName(QStringLiteral("notifications"));
    m_notificationThread.start();

    // These share the expiry thread and its one connection: the janitor's,
    // the flags' and the tokens' reads are rare and short, and one more
    // connection per server would buy nothing.
    runOn(m_expiryThread, new HoldExpiryScheduler(*hub));
    runOn(m_expiryThread, new IdempotencyKeyJanitor());
    runOn(m_expiryThread, new FlagSnapshotRefresher(*hub, flags));
    runOn(m_expiryThread, new TokenCacheRefresher(*hub, tokens));
    m_expiryThread.setObjectName(QStringLiteral("hold-expiry"));
    m_expiryThread.start();

    if (cluster) {
        runOn(m_watchdogThread, new ClusterWatchdog(*cluster));
        m_watchdogThread.setObjectName(QStringLiteral("cluster-watchdog"));
        m_watchdogThread.start();
    }
}

void BackgroundServices::stop()
{
    m_expiryThread.quit();
    m_expiryThread.wait();
    m_notificationThread.quit();
    m_notificationThread.wait();
    m_watchdogThread.quit();
    m_watchdogThread.wait();
}
