#pragma once

#include <QObject>

class FlagSnapshot;
class NotificationHub;
class QTimer;

// Keeps a FlagSnapshot live: every change to feature_flags, made by any
// server or by psql, is announced on channel boxoffice_flags (sql/005's
// trigger), and each announcement makes it re-read the whole table (small,
// and a whole read cannot miss a change the way applying payloads could).
// A burst of announcements is coalesced into one read by a 0 ms single shot.
// After the hub reconnects (announcements may have been lost) it reads again.
// A failed read keeps the last state and is retried every 500 ms.
//
// Lives on the hold-expiry thread and reads with that thread's
// DatabaseSession (one connection per thread, not one more per server):
// create it, moveToThread(), then invoke start().
class FlagSnapshotRefresher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kRetryMs = 500;

    FlagSnapshotRefresher(NotificationHub &hub, FlagSnapshot &snapshot, QObject *parent = nullptr);
    ~FlagSnapshotRefresher() override;

public Q_SLOTS:
    void start();

Q_SIGNALS:
    // After each read: the snapshot was replaced, or it was kept because the read failed.
    void refreshed();
    void refreshFailed(const QString &error);

private:
    void scheduleRead();
    void read();

    NotificationHub &m_hub;
    FlagSnapshot &m_snapshot;
    QTimer *m_coalesce = nullptr;
    QTimer *m_retry = nullptr;
    bool m_failing = false; // the last read failed (logged once per outage)
};
