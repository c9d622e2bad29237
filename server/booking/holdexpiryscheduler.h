#pragma once

#include "holdexpiryarming.h"

#include <QObject>

class NotificationHub;
class QTimer;

// Expires PENDING holds within moments of their expires_at. Instead of polling,
// one precise timer is armed for the earliest deadline in the database; new
// holds made by any server instance announce themselves with NOTIFY
// boxoffice_holds, which reaches us through the NotificationHub, so the timer
// moves earlier when a sooner deadline appears. After the hub reconnects
// (announcements may have been lost) the earliest deadline is read again.
// Sweeping uses SKIP LOCKED, so any number of instances can sweep at once.
// The timing decisions are HoldExpiryArming's.
//
// Lives on its own thread and sweeps on that thread's DatabaseSession (its
// statements block, and must stall neither the HTTP thread nor the hub's
// notifications); create it, moveToThread(), then invoke start().
class HoldExpiryScheduler : public QObject
{
    Q_OBJECT
public:
    explicit HoldExpiryScheduler(NotificationHub &hub, QObject *parent = nullptr);
    ~HoldExpiryScheduler() override;

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void holdsExpired(int count);

private:
    void onHoldAnnounced(const QString &payload);
    void sweepAndRearm();
    void rearm();

    NotificationHub &m_hub;
    HoldExpiryArming m_arming;
    QTimer *m_timer = nullptr;
};
