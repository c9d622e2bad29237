// HoldsModel counts every hold down on one shared timer: text and colour by
// remaining time, "Expired" exactly at the deadline, one dataChanged per tick
// for any number of holds.
#include "holdsmodel.h"
#include "sampleholds.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QtTest>

using SampleHolds::kStart;
using SampleHolds::makeHold;

class TestHoldsCountdown : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = kStart;

    void makeModel(HoldsModel &model)
    {
        model.setTicking(false);
        model.setClock([this] { return m_now; });
    }

    QString countdownText(const HoldsModel &model, int row)
    {
        return model.index(row, HoldsModel::CountdownColumn).data().toString();
    }

private slots:
    void init() { m_now = kStart; }

    void countdownDecreasesWithTheClock()
    {
        HoldsModel model;
        makeModel(model);
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.addHold(makeHold(1, 120000), QStringLiteral("Hamlet"));
        QCOMPARE(countdownText(model, 0), QStringLiteral("02:00"));
        m_now += 1500;
        model.tick();
        QCOMPARE(countdownText(model, 0), QStringLiteral("01:59"));
        m_now += 60000;
        model.tick();
        QCOMPARE(countdownText(model, 0), QStringLiteral("00:59"));
    }

    void amberUnderThirtySeconds()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(1, 31000), QStringLiteral("Hamlet"));
        const QModelIndex countdown = model.index(0, HoldsModel::CountdownColumn);
        QCOMPARE(countdown.data(HoldsModel::UrgencyRole).toInt(), int(Countdown::Urgency::Normal));
        QVERIFY(!countdown.data(Qt::BackgroundRole).isValid());
        m_now += 1000;
        QCOMPARE(countdown.data(HoldsModel::UrgencyRole).toInt(), int(Countdown::Urgency::Warning));
        QCOMPARE(countdown.data(Qt::BackgroundRole).value<QBrush>().color(),
                 QColor(0xff, 0xbf, 0x00));
    }

    void expiresExactlyAtTheDeadlineAndSaysSoOnce()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(7, 3000), QStringLiteral("Hamlet"));
        QSignalSpy expired(&model, &HoldsModel::holdExpired);
        m_now += 2999;
        model.tick();
        QCOMPARE(countdownText(model, 0), QStringLiteral("00:01"));
        QCOMPARE(expired.count(), 0);
        m_now += 1;
        model.tick();
        QCOMPARE(countdownText(model, 0), QStringLiteral("Expired"));
        QCOMPARE(expired.count(), 1);
        QCOMPARE(expired.first().at(0).toLongLong(), 7);
        m_now += 5000;
        model.tick();
        QCOMPARE(expired.count(), 1);
        QCOMPARE(model.removeExpired(), 1);
        QCOMPARE(model.rowCount(), 0);
    }

    void manyHoldsTickWithOneSignalForTheCountdownColumn()
    {
        HoldsModel model;
        makeModel(model);
        for (int i = 1; i <= 500; ++i)
            model.addHold(makeHold(i, 60000 + i * 100), QStringLiteral("Show"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        m_now += 1000;
        model.tick();
        QCOMPARE(changed.count(), 1);
        const QModelIndex topLeft = changed.first().at(0).toModelIndex();
        const QModelIndex bottomRight = changed.first().at(1).toModelIndex();
        QCOMPARE(topLeft.column(), int(HoldsModel::CountdownColumn));
        QCOMPARE(bottomRight.column(), int(HoldsModel::CountdownColumn));
        QCOMPARE(topLeft.row(), 0);
        QCOMPARE(bottomRight.row(), 499);
    }

    void sharedTimerRepaintsOnItsOwn()
    {
        // Real time for once: the model's own timer must tick without anyone refreshing.
        HoldsModel model;
        model.setClock([] { return QDateTime::currentMSecsSinceEpoch(); });
        Booking booking = makeHold(1, 0);
        booking.expiresAt = QDateTime::currentDateTimeUtc().addMSecs(2500);
        model.addHold(booking, QStringLiteral("Hamlet"));
        QSignalSpy expired(&model, &HoldsModel::holdExpired);
        // Reads "Expired" from the deadline on; the tick that announces it follows within ms.
        QTRY_COMPARE_WITH_TIMEOUT(countdownText(model, 0), QStringLiteral("Expired"), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 5000);
    }

    void newestHoldIsOnTopAndStatesShowInTheCountdown()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(1, 60000), QStringLiteral("Hamlet"));
        model.addHold(makeHold(2, 60000), QStringLiteral("Carmen"));
        QCOMPARE(model.bookingAt(0).id, 2);
        model.setState(2, HoldsModel::State::Confirming);
        QCOMPARE(countdownText(model, 0), QStringLiteral("Confirming…"));
        model.removeHold(2);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.rowOfBooking(1), 0);
    }
};

QTEST_MAIN(TestHoldsCountdown)
#include "tst_holdscountdown.moc"
