#pragma once

#include "apitypes.h"
#include "result.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>

class ApiClient;

// Knows whether the server is reachable and keeps finding out.
//
// Polls GET /health: every few seconds while online, with exponential backoff
// (1 s, 2 s, 4 s … capped) while not, so a dead server costs one small request
// now and then instead of a stream of errors. Every other API answer or
// transport failure also updates the state at once. Lives in the GUI thread.
class ConnectionMonitor : public QObject
{
    Q_OBJECT
public:
    enum class State
    {
        Unknown,      // not asked yet
        Online,       // server and its database answer
        DatabaseDown, // server answers 503 database_unavailable
        Offline,      // no answer at all
    };
    Q_ENUM(State)

    explicit ConnectionMonitor(ApiClient *api, QObject *parent = nullptr);

    State state() const { return m_state; }
    bool isReachable() const { return m_state == State::Online || m_state == State::DatabaseDown; }
    QString lastError() const { return m_lastError; }
    // Seconds until the next health check while not online (0 when online).
    int secondsUntilRetry() const;

    void setOnlineInterval(int milliseconds) { m_onlineIntervalMs = milliseconds; }
    void setMaxBackoff(int milliseconds) { m_maxBackoffMs = milliseconds; }

public slots:
    void start();
    void checkNow(); // e.g. after the server URL changed

signals:
    void stateChanged(ConnectionMonitor::State state);
    void cameOnline();
    // Once a second while offline, so a status line can count down to the next try.
    void retryCountdownChanged(int seconds);

private:
    void onAnswered(int httpStatus);
    void onUnreachable(const DomainError &error);
    void onHealth(const Result<HealthStatus> &result);
    void setState(State state);
    void scheduleNext();

    ApiClient *m_api;
    QTimer m_pollTimer;
    QTimer m_countdownTimer;
    QElapsedTimer m_sinceScheduled;
    State m_state = State::Unknown;
    QString m_lastError;
    bool m_checking = false;
    int m_failures = 0;
    int m_onlineIntervalMs = 5000;
    int m_maxBackoffMs = 8000;
};
