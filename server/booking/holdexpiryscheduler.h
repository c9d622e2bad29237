#pragma once

#include "db/databasesettings.h"

#include <QObject>
#include <QSqlDriver>
#include <QTimer>

#include <memory>

class DatabaseSession;

// Expires PENDING holds within moments of their expires_at. Instead of polling,
// one precise timer is armed for the earliest deadline in the database; new
// holds made by any server instance announce themselves with NOTIFY
// boxoffice_holds, so the timer is moved earlier when a sooner deadline appears.
// Sweeping uses SKIP LOCKED, so any number of instances can sweep at once.
//
// Lives on its own thread (it owns a blocking database connection and must not
// stall the HTTP thread); create it, moveToThread(), then invoke start().
class HoldExpiryScheduler : public QObject
{
    Q_OBJECT
public:
    explicit HoldExpiryScheduler(const DatabaseSettings &settings, QObject *parent = nullptr);
    ~HoldExpiryScheduler() override;

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void holdsExpired(int count);

private:
    void onDeadline();
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    void checkConnection();
    bool connectAndListen();
    bool listening() const;
    void sweepAndRearm();
    void armAt(qint64 localDeadlineMs);

    DatabaseSettings m_settings;
    std::unique_ptr<DatabaseSession> m_session;
    QTimer *m_deadlineTimer = nullptr;
    QTimer *m_healthTimer = nullptr;
    QTimer *m_safetyNetTimer = nullptr;
    quint64 m_listeningGeneration = 0; // the connection generation our LISTEN is on; 0 = none
    qint64 m_clockOffsetMs = 0;        // database clock minus local clock
    qint64 m_armedDeadlineMs = 0;      // local epoch ms the timer is armed for; 0 when idle
};
