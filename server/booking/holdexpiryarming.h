#pragma once

#include <QtGlobal>

#include <functional>
#include <optional>

// When the hold-expiry scheduler sweeps next: its timing decisions, apart from
// its timer and its database so that they can be tested with a fake clock.
// Times are local epoch milliseconds unless named db...: deadlines come from
// the database's clock, which may differ from ours, so they are shifted by the
// offset measured at each read of the next deadline.
//
// Not thread-safe; used on the scheduler's thread.
class HoldExpiryArming
{
public:
    using Clock = std::function<qint64()>; // local epoch ms

    struct Intervals
    {
        // Sweep this much after a deadline, so that the database clock has passed it too.
        qint64 slackMs = 5;
        // Due holds still locked by another sweeper: look again this soon.
        qint64 busyRetryMs = 50;
        // A failed sweep (a deadlock victim twice, a lost connection): try again this soon.
        qint64 failureRetryMs = 200;
        // Sweep at least this often whatever happens; only a backstop.
        qint64 backstopMs = 15000;
    };

    // Without a clock, the system clock.
    explicit HoldExpiryArming(Clock clock = {});
    HoldExpiryArming(Clock clock, Intervals intervals);

    qint64 now() const { return m_clock(); }
    const Intervals &intervals() const { return m_intervals; }

    // A sweep succeeded and the next deadline was read: the earliest pending
    // deadline (none if nothing is pending) and the database's clock, read
    // between localBefore and localAfter.
    void sweepSucceeded(std::optional<qint64> dbEarliestDeadline, qint64 dbNow, qint64 localBefore,
                        qint64 localAfter);
    void sweepFailed();
    // A new hold announced its deadline (database clock). Returns whether the
    // next sweep moved earlier; a later deadline changes nothing.
    bool holdAnnounced(qint64 dbDeadline);

    // The local deadline the next sweep waits for; none when no hold is known to be pending.
    std::optional<qint64> armedDeadline() const { return m_armed; }
    // When to sweep next: the armed deadline plus slack, or the backstop, whichever is first.
    qint64 nextSweepAt() const;
    qint64 msUntilNextSweep() const;
    qint64 clockOffsetMs() const { return m_clockOffsetMs; }

private:
    Clock m_clock;
    Intervals m_intervals;
    std::optional<qint64> m_armed;
    qint64 m_backstopAt = 0;
    qint64 m_clockOffsetMs = 0; // database clock minus local clock
};
