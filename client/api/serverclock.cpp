#include "serverclock.h"

#include "clientlogging.h"

#include <QTimeZone>

ServerClock::ServerClock(QObject *parent)
    : QObject(parent), m_localClock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
}

void ServerClock::setLocalClock(LocalClock clock)
{
    m_localClock = std::move(clock);
}

qint64 ServerClock::localNowMs() const
{
    return m_localClock();
}

QDateTime ServerClock::now() const
{
    return QDateTime::fromMSecsSinceEpoch(nowMs(), QTimeZone::utc());
}

void ServerClock::addSample(qint64 sentMs, qint64 receivedMs, const QDateTime &serverDate)
{
    if (!serverDate.isValid())
        return;
    const qint64 before = m_estimator.offsetMs();
    const bool had = m_estimator.hasEstimate();
    m_estimator.addSample({sentMs, receivedMs, serverDate.toMSecsSinceEpoch()});
    if (!had || m_estimator.offsetMs() != before) {
        qCDebug(lcApi) << "clock offset" << m_estimator.offsetMs() << "ms ±"
                       << m_estimator.uncertaintyMs();
        emit offsetChanged(m_estimator.offsetMs());
    }
}

void ServerClock::reset()
{
    m_estimator.reset();
    emit offsetChanged(0);
}
