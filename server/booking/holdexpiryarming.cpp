#include "holdexpiryarming.h"

#include <QDateTime>

#include <algorithm>

HoldExpiryArming::HoldExpiryArming(Clock clock) : HoldExpiryArming(std::move(clock), Intervals()) {}

HoldExpiryArming::HoldExpiryArming(Clock clock, Intervals intervals)
    : m_clock(clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); })),
      m_intervals(intervals), m_backstopAt(m_clock() + m_intervals.backstopMs)
{
}

void HoldExpiryArming::sweepSucceeded(std::optional<qint64> dbEarliestDeadline, qint64 dbNow,
                                      qint64 localBefore, qint64 localAfter)
{
    // The database read its clock somewhere between our two readings.
    m_clockOffsetMs = dbNow - (localBefore + localAfter) / 2;
    m_backstopAt = localAfter + m_intervals.backstopMs;
    if (!dbEarliestDeadline) {
        m_armed.reset();
        return;
    }
    // A deadline already past means another sweeper holds those rows right now.
    m_armed = std::max(*dbEarliestDeadline - m_clockOffsetMs,
                       localAfter + m_intervals.busyRetryMs - m_intervals.slackMs);
}

void HoldExpiryArming::sweepFailed()
{
    // Never leave due holds to the backstop.
    const qint64 at = now();
    m_armed = at + m_intervals.failureRetryMs - m_intervals.slackMs;
    m_backstopAt = at + m_intervals.backstopMs;
}

bool HoldExpiryArming::holdAnnounced(qint64 dbDeadline)
{
    const qint64 local = dbDeadline - m_clockOffsetMs;
    if (m_armed && *m_armed <= local)
        return false;
    m_armed = local;
    return true;
}

qint64 HoldExpiryArming::nextSweepAt() const
{
    if (!m_armed)
        return m_backstopAt;
    return std::min(*m_armed + m_intervals.slackMs, m_backstopAt);
}

qint64 HoldExpiryArming::msUntilNextSweep() const
{
    return std::max<qint64>(0, nextSweepAt() - now());
}
