// The counter end to end, driven like staff drive it: an admin creates a show
// in the dialog, the counter holds seats with Enter, the hold counts down,
// Ctrl+Enter confirms it and the shows table reflects every step.
#include "guitestsupport.h"

#include "connectionmonitor.h"
#include "counterview.h"
#include "holdsmodel.h"
#include "inlinemessage.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "showdialog.h"
#include "showsmodel.h"
#include "showsview.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

class TestCounterHoldAndConfirm : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_dir;

    static std::optional<Show> showNamed(const ShowsModel *model, const QString &name)
    {
        for (int row = 0; row < model->rowCount(); ++row) {
            if (model->showAt(row).name == name)
                return model->showAt(row);
        }
        return std::nullopt;
    }

    static int heldOf(const ShowsModel *model, qint64 id)
    {
        const auto show = model->showById(id);
        return show ? show->heldSeats : -1;
    }

    static int soldOf(const ShowsModel *model, qint64 id)
    {
        const auto show = model->showById(id);
        return show ? show->soldSeats : -1;
    }

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY(m_dir.isValid());
    }

    void createShowHoldCountDownConfirm()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);

        // Admin: create the show through the dialog, after a failed validation.
        window->showShows();
        ShowsView *shows = nullptr;
        FIND_CHILD(shows, window.get(), "showsView");
        auto *newButton = shows->findChild<QPushButton *>(QStringLiteral("newShowButton"));
        QVERIFY(newButton && newButton->isEnabled());
        QTest::mouseClick(newButton, Qt::LeftButton);
        ShowDialog *openDialog = nullptr;
        FIND_CHILD(openDialog, shows, "showDialog");
        QPointer<ShowDialog> dialog = openDialog;
        QVERIFY(dialog);
        QLineEdit *dialogName = nullptr;
        FIND_CHILD(dialogName, dialog, "showName");
        QSpinBox *dialogSeats = nullptr;
        FIND_CHILD(dialogSeats, dialog, "showSeats");
        QTRY_VERIFY(dialog->isVisible());
        QTest::keyClick(dialogName, Qt::Key_Return);
        QVERIFY2(dialog->isVisible(), "an empty name must be refused before sending");
        QVERIFY(!dialog->validationError().isEmpty());

        const QString name =
            QStringLiteral("Counter flow %1").arg(QDateTime::currentMSecsSinceEpoch());
        QTest::keyClicks(dialogName, name);
        dialogSeats->selectAll();
        QTest::keyClicks(dialogSeats, QStringLiteral("12"));
        QCOMPARE(dialogSeats->value(), 12);
        QTest::keyClick(dialogName, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(showNamed(window->showsModel(), name).has_value(), 20000);
        const Show show = *showNamed(window->showsModel(), name);
        QCOMPARE(show.totalSeats, 12);
        QCOMPARE(show.availableSeats(), 12);

        // Counter: pick the show, type, Enter. (A window manager hands activation back
        // when the dialog closes; the offscreen platform needs to be asked.)
        window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(window.get()));
        window->showCounter();
        CounterView *counter = nullptr;
        FIND_CHILD(counter, window.get(), "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, counter, "seatCount");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, counter, "counterMessage");
        QLabel *confirmedReference = nullptr;
        FIND_CHILD(confirmedReference, counter, "confirmedReference");
        counter->selectShow(show.id);
        QCOMPARE(counter->currentShow()->id, show.id);
        QTRY_VERIFY(customer->hasFocus());
        QTest::keyClicks(customer, QStringLiteral("Ana Silva"));
        QTest::keyClick(customer, Qt::Key_Tab);
        QTRY_VERIFY(seats->hasFocus());
        seats->selectAll();
        QTest::keyClicks(seats, QStringLiteral("3"));
        QTest::keyClick(seats, Qt::Key_Return);

        HoldsModel *holds = window->holdsModel();
        QTRY_COMPARE_WITH_TIMEOUT(holds->rowCount(), 1, 20000);
        const Booking hold = holds->bookingAt(0);
        QCOMPARE(hold.seats, 3);
        QCOMPARE(hold.userName, QStringLiteral("Ana Silva"));
        QVERIFY(!hold.reference.isEmpty());
        QVERIFY2(message->text().contains(hold.reference), qPrintable(message->text()));
        QVERIFY2(customer->text().isEmpty(), "the form is ready for the next customer");
        QVERIFY(customer->hasFocus());

        // The countdown ticks on its own.
        const QModelIndex countdown = holds->index(0, HoldsModel::CountdownColumn);
        const int first = countdownSeconds(countdown.data().toString());
        QVERIFY2(first > 100 && first <= 120, qPrintable(countdown.data().toString()));
        QTRY_VERIFY_WITH_TIMEOUT(countdownSeconds(countdown.data().toString()) < first, 5000);

        // The table shows the held seats.
        QTRY_COMPARE_WITH_TIMEOUT(heldOf(window->showsModel(), show.id), 3, 20000);

        // Ctrl+Enter confirms the newest hold; its reference is shown big.
        QTest::keyClick(customer, Qt::Key_Return, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(holds->rowCount(), 0, 20000);
        QCOMPARE(confirmedReference->text(), hold.reference);
        QVERIFY(confirmedReference->isVisible());
        QTRY_COMPARE_WITH_TIMEOUT(soldOf(window->showsModel(), show.id), 3, 20000);
        QCOMPARE(heldOf(window->showsModel(), show.id), 0);
        QCOMPARE(window->showsModel()->showById(show.id)->availableSeats(), 9);
        QVERIFY(customer->hasFocus());
        QVERIFY2(!QApplication::activeModalWidget(), "no dialogs at the counter");
    }

    void notEnoughSeatsIsSaidInlineWithTheNumbers()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("Nearly full"), 2);
        QVERIFY(show.id > 0);
        CounterView *counter = nullptr;
        FIND_CHILD(counter, window.get(), "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, counter, "seatCount");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, counter, "counterMessage");
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(show.id).has_value(), 20000);
        counter->selectShow(show.id);
        QTest::keyClicks(customer, QStringLiteral("Bo"));
        seats->setValue(3);
        QTest::keyClick(customer, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(message->kind() == InlineMessage::Kind::Warning, 20000);
        QVERIFY2(message->text().contains(QStringLiteral("Only 2 seats left")),
                 qPrintable(message->text()));
        QCOMPARE(window->holdsModel()->rowCount(), 0);
        QVERIFY(!QApplication::activeModalWidget());
    }

    void cancelShortcutReleasesTheHold()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("Cancel at the counter"), 10);
        QVERIFY(show.id > 0);
        CounterView *counter = nullptr;
        FIND_CHILD(counter, window.get(), "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(show.id).has_value(), 20000);
        counter->selectShow(show.id);
        QTest::keyClicks(customer, QStringLiteral("Chris"));
        QTest::keyClick(customer, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(window->holdsModel()->rowCount(), 1, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(heldOf(window->showsModel(), show.id), 1, 20000);
        QTest::keyClick(customer, Qt::Key_F9);
        QTRY_COMPARE_WITH_TIMEOUT(window->holdsModel()->rowCount(), 0, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(heldOf(window->showsModel(), show.id), 0, 20000);
        QVERIFY(customer->hasFocus());
    }
};

QTEST_MAIN(TestCounterHoldAndConfirm)
#include "tst_counterholdandconfirm.moc"
