// The expiry scheduler's timing decisions, with a fake clock: when it sweeps
// next after a sweep, a notification, a failure, or nothing at all.
#include "booking/holdexpiryarming.h"

#include <QtTest>

class TestHoldExpiryArming : public QObject
{
    Q_OBJECT

private:
    static constexpr qint64 kStart = 1'800'000'000'000; // local epoch ms
    qint64 m_now = kStart;
    HoldExpiryArming::Intervals m_intervals; // slack 5, busy 50, failure 200, backstop 15000

    HoldExpiryArming arming()
    {
        return HoldExpiryArming([this] { return m_now; }, m_intervals);
    }

    // A sweep whose deadline read took no time, on a database clock offset ms ahead of ours.
    void swept(HoldExpiryArming &a, std::optional<qint64> dbDeadline, qint64 offset = 0)
    {
        a.sweepSucceeded(dbDeadline, m_now + offset, m_now, m_now);
    }

    static QByteArray seen(std::optional<qint64> value)
    {
        return value ? QByteArray::number(*value - kStart) + " ms from start" : "nothing armed";
    }

private Q_SLOTS:
    void init() { m_now = kStart; }

    void earliestDeadlineWins()
    {
        HoldExpiryArming a = arming();
        swept(a, kStart + 3000);
        QCOMPARE(a.armedDeadline(), std::optional<qint64>(kStart + 3000));
        QCOMPARE(a.msUntilNextSweep(), 3000 + m_intervals.slackMs);
        // The backstop is earlier than a far deadline, so it wins then.
        swept(a, kStart + 60000);
        QCOMPARE(a.nextSweepAt(), kStart + m_intervals.backstopMs);
    }

    void laterNotificationDoesNotRearm()
    {
        HoldExpiryArming a = arming();
        swept(a, kStart + 3000);
        QVERIFY2(!a.holdAnnounced(kStart + 5000), "a later deadline should change nothing");
        QCOMPARE(a.armedDeadline(), std::optional<qint64>(kStart + 3000));
        QVERIFY(!a.holdAnnounced(kStart + 3000)); // an equal one neither
        QCOMPARE(a.msUntilNextSweep(), 3005);
    }

    void soonerNotificationRearms()
    {
        HoldExpiryArming a = arming();
        swept(a, kStart + 3000);
        QVERIFY2(a.holdAnnounced(kStart + 1000), "a sooner deadline should re-arm");
        QVERIFY2(a.armedDeadline() == std::optional<qint64>(kStart + 1000),
                 seen(a.armedDeadline()).constData());
        QCOMPARE(a.msUntilNextSweep(), 1005);
    }

    void notificationArmsWhenNothingWasPending()
    {
        HoldExpiryArming a = arming();
        swept(a, std::nullopt);
        QVERIFY(a.holdAnnounced(kStart + 2000));
        QCOMPARE(a.msUntilNextSweep(), 2005);
    }

    void nothingPendingDisarms()
    {
        HoldExpiryArming a = arming();
        swept(a, kStart + 3000);
        m_now += 3005;
        swept(a, std::nullopt);
        QVERIFY2(!a.armedDeadline(), seen(a.armedDeadline()).constData());
        // Only the backstop is left.
        QCOMPARE(a.msUntilNextSweep(), m_intervals.backstopMs);
    }

    void failedSweepRetriesAfterTheRetryInterval()
    {
        HoldExpiryArming a = arming();
        swept(a, std::nullopt);
        m_now += 700;
        a.sweepFailed();
        QCOMPARE(a.msUntilNextSweep(), m_intervals.failureRetryMs);
        // Also when a deadline was armed further away.
        swept(a, m_now + 10000);
        a.sweepFailed();
        QCOMPARE(a.msUntilNextSweep(), m_intervals.failureRetryMs);
    }

    void backstopFiresWhenNothingElseDoes()
    {
        HoldExpiryArming a = arming();
        swept(a, std::nullopt);
        m_now += m_intervals.backstopMs - 1;
        QCOMPARE(a.msUntilNextSweep(), 1);
        m_now += 1;
        QCOMPARE(a.msUntilNextSweep(), 0);
        // And it counts again from the sweep that follows.
        swept(a, std::nullopt);
        QCOMPARE(a.nextSweepAt(), m_now + m_intervals.backstopMs);
    }

    void deadlineAlreadyPastWaitsForTheBusySweeper()
    {
        HoldExpiryArming a = arming();
        // Due holds remain after a sweep: another sweeper has them locked.
        swept(a, kStart - 500);
        QCOMPARE(a.msUntilNextSweep(), m_intervals.busyRetryMs);
    }

    void clockOffsetIsApplied()
    {
        HoldExpiryArming a = arming();
        // The database clock runs 10 s ahead; its read took 40 ms, halfway through.
        a.sweepSucceeded(kStart + 10'000 + 2000 + 20, kStart + 10'000 + 20, kStart, kStart + 40);
        QCOMPARE(a.clockOffsetMs(), 10'000);
        QVERIFY2(a.armedDeadline() == std::optional<qint64>(kStart + 2020),
                 seen(a.armedDeadline()).constData());
        // Notified deadlines are on the database clock too.
        QVERIFY(a.holdAnnounced(kStart + 10'000 + 1000));
        QVERIFY2(a.armedDeadline() == std::optional<qint64>(kStart + 1000),
                 seen(a.armedDeadline()).constData());
        // A clock 10 s behind works the same way.
        swept(a, kStart - 10'000 + 3000, -10'000);
        QCOMPARE(a.clockOffsetMs(), -10'000);
        QCOMPARE(a.msUntilNextSweep(), 3005);
    }

    void systemClockByDefault()
    {
        const HoldExpiryArming a;
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QVERIFY2(qAbs(a.now() - now) < 1000,
                 qPrintable(QStringLiteral("expected about %1, seen %2").arg(now).arg(a.now())));
        QCOMPARE(a.msUntilNextSweep() <= a.intervals().backstopMs, true);
    }
};

QTEST_GUILESS_MAIN(TestHoldExpiryArming)
#include "tst_holdexpiryarming.moc"
