#pragma once

#include "clockoffsetestimator.h"

#include <QDateTime>
#include <QObject>

#include <functional>

// The server's "now" as seen from this machine: our clock plus the offset
// estimated from Date headers. Countdowns of holds are computed against it, so
// a counter PC whose clock is a minute off still shows the server's deadline.
// Lives in the GUI thread.
class ServerClock : public QObject
{
    Q_OBJECT
public:
    using LocalClock = std::function<qint64()>; // ms since the epoch

    explicit ServerClock(QObject *parent = nullptr);

    // Tests replace the machine clock; everything else uses the default.
    void setLocalClock(LocalClock clock);
    qint64 localNowMs() const;

    QDateTime now() const;
    qint64 nowMs() const { return localNowMs() + offsetMs(); }
    qint64 offsetMs() const { return m_estimator.offsetMs(); }
    qint64 uncertaintyMs() const { return m_estimator.uncertaintyMs(); }
    bool hasEstimate() const { return m_estimator.hasEstimate(); }

    void addSample(qint64 sentMs, qint64 receivedMs, const QDateTime &serverDate);
    void reset(); // another server: forget what we learnt

signals:
    void offsetChanged(qint64 offsetMs);

private:
    LocalClock m_localClock;
    ClockOffsetEstimator m_estimator;
};
