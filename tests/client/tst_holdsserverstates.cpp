// What the server says about a hold wins over the local countdown: a hold
// confirmed, cancelled or expired elsewhere shows that state (whatever the
// clock says), offers only Dismiss, is announced once when it expired, and is
// cleared with the expired ones; a PENDING word changes nothing.
#include "holdsmodel.h"
#include "sampleholds.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

using SampleHolds::kStart;
using SampleHolds::makeHold;

class TestHoldsServerStates : public QObject
{
    Q_OBJECT

private:
    qint64 m_now = kStart;

    void makeModel(HoldsModel &model)
    {
        model.setTicking(false);
        model.setClock([this] { return m_now; });
    }

    static QString countdownText(const HoldsModel &model, qint64 id)
    {
        return model.index(model.rowOfBooking(id), HoldsModel::CountdownColumn).data().toString();
    }

private slots:
    void init() { m_now = kStart; }

    void serverStatusShowsWhateverTheClockSays_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<int>("state");
        QTest::addColumn<QString>("text");
        QTest::newRow("confirmed")
            << int(Booking::Status::Confirmed) << int(HoldsModel::State::Confirmed)
            << QStringLiteral("Confirmed");
        QTest::newRow("cancelled")
            << int(Booking::Status::Cancelled) << int(HoldsModel::State::Cancelled)
            << QStringLiteral("Cancelled");
        QTest::newRow("expired") << int(Booking::Status::Expired) << int(HoldsModel::State::Expired)
                                 << QStringLiteral("Expired");
    }

    void serverStatusShowsWhateverTheClockSays()
    {
        QFETCH(int, status);
        QFETCH(int, state);
        QFETCH(QString, text);
        HoldsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        makeModel(model);
        model.addHold(makeHold(1), QStringLiteral("Hamlet"));
        m_now = kStart + 1000; // 1:59 left on this clock
        model.tick();
        QCOMPARE(countdownText(model, 1), QStringLiteral("01:59"));

        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.applyServerStatus(1, Booking::Status(status));
        QCOMPARE(int(model.stateAt(0)), state);
        QCOMPARE(countdownText(model, 1), text);
        QVERIFY(HoldsModel::isSettled(model.stateAt(0)));
        QVERIFY2(!changes.isEmpty(), "the row must repaint");
        model.tick(); // the clock going on does not bring the countdown back
        QCOMPARE(countdownText(model, 1), text);
    }

    void serverExpiryIsAnnouncedOnce()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(1, 3000), QStringLiteral("Hamlet"));
        QSignalSpy expired(&model, &HoldsModel::holdExpired);
        model.applyServerStatus(1, Booking::Status::Expired);
        QCOMPARE(expired.count(), 1);
        QCOMPARE(expired.first().at(0).toLongLong(), 1);
        // The clock reaching the deadline later, or the event coming twice, says nothing new.
        m_now = kStart + 5000;
        model.tick();
        model.applyServerStatus(1, Booking::Status::Expired);
        QCOMPARE(expired.count(), 1);
    }

    void serverWordOverridesALocalExpiry()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(1, 3000), QStringLiteral("Hamlet"));
        m_now = kStart + 4000; // a clock running fast: expired here, not on the server
        model.tick();
        QCOMPARE(model.stateAt(0), HoldsModel::State::Expired);
        model.applyServerStatus(1, Booking::Status::Confirmed);
        QCOMPARE(model.stateAt(0), HoldsModel::State::Confirmed);
    }

    void pendingChangesNothing()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(1), QStringLiteral("Hamlet"));
        model.setState(1, HoldsModel::State::Confirming);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.applyServerStatus(1, Booking::Status::Pending);
        model.applyServerStatus(99, Booking::Status::Confirmed); // not in the list
        QCOMPARE(model.stateAt(0), HoldsModel::State::Confirming);
        QCOMPARE(changes.count(), 0);
        QCOMPARE(model.rowCount(), 1);
    }

    void settledRowsAreClearedWithTheExpired()
    {
        HoldsModel model;
        makeModel(model);
        model.addHold(makeHold(1), QStringLiteral("Hamlet"));
        model.addHold(makeHold(2), QStringLiteral("Hamlet"));
        model.addHold(makeHold(3), QStringLiteral("Hamlet"));
        model.addHold(makeHold(4), QStringLiteral("Hamlet"));
        model.applyServerStatus(1, Booking::Status::Confirmed);
        model.applyServerStatus(2, Booking::Status::Cancelled);
        model.applyServerStatus(3, Booking::Status::Expired);
        QCOMPARE(model.bookingIds(), (QList<qint64>{4, 3, 2, 1}));
        QCOMPARE(model.removeExpired(), 3);
        QCOMPARE(model.bookingIds(), (QList<qint64>{4}));
    }
};

QTEST_MAIN(TestHoldsServerStates)
#include "tst_holdsserverstates.moc"
