// Admin work on shows through the real dialogs: rename and reschedule, refuse
// to shrink below the reserved seats, cancel with a confirmation that says how
// many bookings it cancels, and list a show's bookings page by page.
#include "guitestsupport.h"

#include "bookingsmodel.h"
#include "connectionmonitor.h"
#include "inlinemessage.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "showbookingsdialog.h"
#include "showdialog.h"
#include "showsmodel.h"
#include "showsview.h"

#include <QDateTimeEdit>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

class TestShowAdministration : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_dir;

    static void selectInTable(MainWindow &window, qint64 showId)
    {
        window.showShows();
        QTRY_VERIFY_WITH_TIMEOUT(window.showsModel()->showById(showId).has_value(), 20000);
        ShowsView *shows = nullptr;
        FIND_CHILD(shows, &window, "showsView");
        shows->selectShow(showId);
        QCOMPARE(shows->selectedShow()->id, showId);
    }

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void editRenamesAndReschedules()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("Before rename"), 20);
        QVERIFY(show.id > 0);
        selectInTable(*window, show.id);
        QTableView *table = nullptr;
        FIND_CHILD(table, window.get(), "showsTable");

        QTest::keyClick(table, Qt::Key_F2);
        ShowDialog *openDialog = nullptr;
        FIND_CHILD(openDialog, window.get(), "showDialog");
        QPointer<ShowDialog> dialog = openDialog;
        QVERIFY(dialog);
        QLineEdit *name = nullptr;
        FIND_CHILD(name, dialog, "showName");
        QDateTimeEdit *startEdit = nullptr;
        FIND_CHILD(startEdit, dialog, "showStart");
        QCOMPARE(name->text(), QStringLiteral("Before rename"));
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("After rename"));
        const QDateTime newStart = startEdit->dateTime().addDays(2);
        startEdit->setDateTime(newStart);
        QTest::keyClick(name, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog || !dialog->isVisible(), 20000);

        QTRY_COMPARE_WITH_TIMEOUT(window->showsModel()->showById(show.id)->name,
                                  QStringLiteral("After rename"), 20000);
        const QDateTime start = window->showsModel()->showById(show.id)->startTime;
        QCOMPARE(start.toSecsSinceEpoch() / 60, newStart.toSecsSinceEpoch() / 60);
    }

    void capacityBelowReservedIsRefusedInTheDialog()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("Cannot shrink"), 10);
        QVERIFY(show.id > 0);
        QVERIFY(holdSeats(*window, show.id, QStringLiteral("Fay"), 6).id > 0);
        selectInTable(*window, show.id);
        // The dialog knows the reserved seats from the table; wait until the hold shows.
        QTRY_COMPARE_WITH_TIMEOUT(window->showsModel()->showById(show.id)->reservedSeats, 6, 20000);

        ShowsView *shows = nullptr;
        FIND_CHILD(shows, window.get(), "showsView");
        shows->editSelectedShow();
        ShowDialog *openDialog = nullptr;
        FIND_CHILD(openDialog, shows, "showDialog");
        QPointer<ShowDialog> dialog = openDialog;
        QVERIFY(dialog);
        QLineEdit *name = nullptr;
        FIND_CHILD(name, dialog, "showName");
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, dialog, "showSeats");
        seats->selectAll();
        QTest::keyClicks(seats, QStringLiteral("4"));
        QTest::keyClick(name, Qt::Key_Return);
        QVERIFY(dialog->isVisible());
        auto *message = dialog->findChild<InlineMessage *>(QStringLiteral("showDialogMessage"));
        QVERIFY(message);
        QVERIFY2(message->text().contains(QStringLiteral("6 seats")), qPrintable(message->text()));
        dialog->reject();
    }

    void cancelSaysHowManyBookingsItCancels()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("To be cancelled"), 10);
        QVERIFY(show.id > 0);
        QVERIFY(holdSeats(*window, show.id, QStringLiteral("Gus"), 1).id > 0);
        QVERIFY(holdSeats(*window, show.id, QStringLiteral("Hal"), 2).id > 0);
        selectInTable(*window, show.id);
        QTableView *table = nullptr;
        FIND_CHILD(table, window.get(), "showsTable");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, window.get(), "showsMessage");

        QTest::keyClick(table, Qt::Key_Delete);
        QTRY_VERIFY_WITH_TIMEOUT(
            window->findChild<QMessageBox *>(QStringLiteral("cancelShowConfirmation")), 20000);
        QMessageBox *box = nullptr;
        FIND_CHILD(box, window.get(), "cancelShowConfirmation");
        QVERIFY2(box->informativeText().contains(QStringLiteral("2 bookings")),
                 qPrintable(box->informativeText()));
        auto *yes = box->findChild<QPushButton *>(QStringLiteral("confirmCancelShow"));
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(show.id)->isCancelled(), 20000);
        QVERIFY2(message->text().contains(QStringLiteral("2 bookings cancelled")),
                 qPrintable(message->text()));
        QCOMPARE(window->showsModel()->showById(show.id)->reservedSeats, 0);
    }

    void bookingsDialogListsAndCounts()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        const Show show = createShow(*window, QStringLiteral("Listed bookings"), 100);
        QVERIFY(show.id > 0);
        for (int i = 0; i < 3; ++i)
            QVERIFY(holdSeats(*window, show.id, QStringLiteral("Guest %1").arg(i), 1).id > 0);
        selectInTable(*window, show.id);
        QTableView *table = nullptr;
        FIND_CHILD(table, window.get(), "showsTable");

        QTest::keyClick(table, Qt::Key_B, Qt::ControlModifier);
        ShowBookingsDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = window->findChild<ShowBookingsDialog *>()) != nullptr,
                                 5000);
        QTRY_COMPARE_WITH_TIMEOUT(dialog->model()->rowCount(), 3, 20000);
        QCOMPARE(dialog->totalCount(), 3);
        QCOMPARE(dialog->model()->index(0, BookingsModel::StatusColumn).data().toString(),
                 QStringLiteral("Held"));
        dialog->close();
    }
};

QTEST_MAIN(TestShowAdministration)
#include "tst_showadministration.moc"
