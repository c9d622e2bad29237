#pragma once

#include "db/databasesettings.h"

#include <QThread>

class EmbeddedCluster;
class NotificationHub;
class FlagSnapshot;
class TokenCache;

// The server's threads besides HTTP and the database workers: the one LISTEN
// connection (notifications), the expiry thread (hold expiry, the idempotency
// key janitor, the flags' and the token cache's refreshers, sharing one
// connection) and, for the embedded cluster, its watchdog. Started after the
// server listens, stopped before the workers and the cluster.
class BackgroundServices
{
public:
    BackgroundServices() = default;
    ~BackgroundServices();

    // flags and tokens must outlive stop(); cluster may be null (external database).
    void start(const DatabaseSettings &database, FlagSnapshot &flags, TokenCache &tokens,
               EmbeddedCluster *cluster);
    // Expiry first (it subscribes to the notifications), then the
    // notifications, then the watchdog, lest it restart a cluster being stopped.
    void stop();
    // The one LISTEN connection, for subscribers on other threads (live push);
    // null before start(). Valid until stop().
    NotificationHub *notifications() const { return m_notifications; }

private:
    NotificationHub *m_notifications = nullptr;
    QThread m_expiryThread;
    QThread m_notificationThread;
    QThread m_watchdogThread;
};
