// With a 3-second hold time, a hold turns amber, then "Expired" by itself
// without anyone refreshing, and its seats come back in the shows table.
#include "guitestsupport.h"

#include "connectionmonitor.h"
#include "counterview.h"
#include "holdsmodel.h"
#include "inlinemessage.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "showsmodel.h"

#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace GuiTestSupport;

class TestHoldExpiresAndSeatsReturn : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_dir;

    static int availableOf(const ShowsModel *model, qint64 id)
    {
        const auto show = model->showById(id);
        return show ? show->availableSeats() : -1;
    }

private slots:
    void initTestCase()
    {
        const QString failure =
            startServer(m_server, {QStringLiteral("--hold-seconds"), QStringLiteral("3")});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void shortHoldExpiresAndSeatsComeBack()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);
        const Show show = createShow(*window, QStringLiteral("Quick expiry"), 8);
        QVERIFY(show.id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(show.id).has_value(), 20000);

        CounterView *counter = nullptr;
        FIND_CHILD(counter, window.get(), "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, counter, "seatCount");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, counter, "counterMessage");
        counter->selectShow(show.id);
        QTest::keyClicks(customer, QStringLiteral("Dana"));
        seats->setValue(5);
        HoldsModel *holds = window->holdsModel();
        QSignalSpy expired(holds, &HoldsModel::holdExpired);
        QTest::keyClick(customer, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(holds->rowCount(), 1, 20000);

        const QModelIndex countdown = holds->index(0, HoldsModel::CountdownColumn);
        // Under 30 s from the start: amber right away.
        if (countdown.data().toString() != QLatin1String("Expired")) {
            QCOMPARE(countdown.data(HoldsModel::UrgencyRole).toInt(),
                     int(Countdown::Urgency::Warning));
        }
        QTRY_COMPARE_WITH_TIMEOUT(countdown.data().toString(), QStringLiteral("Expired"), 15000);
        QTRY_COMPARE_WITH_TIMEOUT(expired.count(), 1, 5000); // the tick right at the deadline
        QCOMPARE(countdown.data(HoldsModel::UrgencyRole).toInt(), int(Countdown::Urgency::Expired));

        // The server released the seats; the table shows them again without a manual refresh.
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(window->showsModel(), show.id), 8, 20000);

        // Confirming it now says so inline.
        QTest::keyClick(customer, Qt::Key_Return, Qt::ControlModifier);
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("expired")), 5000);
    }

    void serverSaysExpiredWhenConfirmingTooLate()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("Too late"), 4);
        QVERIFY(show.id > 0);
        const Booking booking = holdSeats(*window, show.id, QStringLiteral("Eli"), 2);
        QVERIFY(booking.id > 0);
        // Wait for the server's deadline (on its clock) to pass, then confirm through the lookup.
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentDateTimeUtc() > booking.expiresAt.addMSecs(300),
                                 15000);
        auto *lookup = window->findChild<QLineEdit *>(QStringLiteral("referenceSearch"));
        QVERIFY(lookup);
        QTest::keyClicks(lookup, booking.reference);
        QTest::keyClick(lookup, Qt::Key_Return);
        auto *status = window->findChild<QLabel *>(QStringLiteral("lookupStatus"));
        QTRY_VERIFY_WITH_TIMEOUT(status && status->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(status->text().contains(QStringLiteral("Expired")), 5000);
    }
};

QTEST_MAIN(TestHoldExpiresAndSeatsReturn)
#include "tst_holdexpiresandseatsreturn.moc"
