// Estimating the server's clock from 1-second Date headers: each sample
// bounds the offset; intersecting samples narrows it; slow answers do not
// spoil it; a clock step is followed.
#include "clockoffsetestimator.h"
#include "serverclock.h"

#include <QSignalSpy>
#include <QtTest>

namespace {
// A server whose clock runs `offsetMs` ahead of ours and stamps whole seconds.
ClockOffsetEstimator::Sample sampleAt(qint64 sentMs, qint64 rttMs, qint64 offsetMs,
                                      qint64 serverStampAfterMs = -1)
{
    // By default the server stamps the Date header halfway through the round trip.
    const qint64 stampLocal = sentMs + (serverStampAfterMs < 0 ? rttMs / 2 : serverStampAfterMs);
    const qint64 serverTime = stampLocal + offsetMs;
    const qint64 dateHeader = serverTime - (((serverTime % 1000) + 1000) % 1000);
    return {sentMs, sentMs + rttMs, dateHeader};
}
constexpr qint64 kEpoch = 1765612800000; // 2025-12-13T08:00:00Z
} // namespace

class TestClockOffsetEstimation : public QObject
{
    Q_OBJECT

private slots:
    void noSamplesMeansNoOffset()
    {
        ClockOffsetEstimator estimator;
        QVERIFY(!estimator.hasEstimate());
        QCOMPARE(estimator.offsetMs(), 0);
    }

    void singleSampleUsesMidpointPlusHalfASecond()
    {
        ClockOffsetEstimator estimator;
        // Sent at 10.000, received at 10.200 local; Date says 70 s (server ~60 s ahead).
        estimator.addSample({kEpoch + 10000, kEpoch + 10200, kEpoch + 70000});
        // Offset lies in (70.000 - 10.200, 71.000 - 10.000) = (59.8 s, 61.0 s).
        QCOMPARE(estimator.offsetMs(), 60400);
        QCOMPARE(estimator.uncertaintyMs(), 600);
    }

    void samplesAtDifferentPhasesNarrowTheEstimate()
    {
        const qint64 trueOffset = 2345;
        ClockOffsetEstimator estimator;
        for (int i = 0; i < 20; ++i)
            estimator.addSample(sampleAt(kEpoch + i * 1370, 20, trueOffset));
        QVERIFY2(std::abs(estimator.offsetMs() - trueOffset) <= 25,
                 qPrintable(QStringLiteral("estimated %1 ms, true %2 ms")
                                .arg(estimator.offsetMs())
                                .arg(trueOffset)));
        QVERIFY2(estimator.uncertaintyMs() <= 60,
                 qPrintable(QStringLiteral("uncertainty %1 ms").arg(estimator.uncertaintyMs())));
    }

    void slowAnswersDoNotSpoilAGoodEstimate()
    {
        const qint64 trueOffset = -4200;
        ClockOffsetEstimator estimator;
        for (int i = 0; i < 10; ++i)
            estimator.addSample(sampleAt(kEpoch + i * 1370, 15, trueOffset));
        const qint64 before = estimator.offsetMs();
        const qint64 uncertaintyBefore = estimator.uncertaintyMs();
        // A 3-second round trip stamped at its very start: consistent, just vague.
        estimator.addSample(sampleAt(kEpoch + 50000, 3000, trueOffset, 0));
        QCOMPARE(estimator.offsetMs(), before);
        QCOMPARE(estimator.uncertaintyMs(), uncertaintyBefore);
    }

    void clockStepReplacesOldSamples()
    {
        ClockOffsetEstimator estimator;
        for (int i = 0; i < 10; ++i)
            estimator.addSample(sampleAt(kEpoch + i * 1370, 20, 500));
        // Our clock was stepped back by a minute: the server now looks 60.5 s ahead.
        estimator.addSample(sampleAt(kEpoch + 20000, 20, 60500));
        QVERIFY2(std::abs(estimator.offsetMs() - 60500) <= 520,
                 qPrintable(QString::number(estimator.offsetMs())));
        QCOMPARE(estimator.sampleCount(), 1);
    }

    void windowForgetsTheOldestSamples()
    {
        ClockOffsetEstimator estimator(4);
        for (int i = 0; i < 10; ++i)
            estimator.addSample(sampleAt(kEpoch + i * 1000, 20, 0));
        QCOMPARE(estimator.sampleCount(), 4);
    }

    void serverClockAddsTheOffsetToLocalTime()
    {
        ServerClock clock;
        qint64 local = kEpoch + 10000;
        clock.setLocalClock([&local] { return local; });
        QSignalSpy changed(&clock, &ServerClock::offsetChanged);
        QCOMPARE(clock.nowMs(), local);
        clock.addSample(kEpoch + 10000, kEpoch + 10200,
                        QDateTime::fromMSecsSinceEpoch(kEpoch + 70000, QTimeZone::utc()));
        QCOMPARE(changed.count(), 1);
        local += 1000;
        QCOMPARE(clock.nowMs(), local + 60400);
        QCOMPARE(clock.now().toMSecsSinceEpoch(), local + 60400);
        clock.reset();
        QCOMPARE(clock.nowMs(), local);
    }
};

QTEST_GUILESS_MAIN(TestClockOffsetEstimation)
#include "tst_clockoffsetestimation.moc"
