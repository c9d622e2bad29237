// Two counters on two server instances of one database see each other's
// changes the moment they happen, through live push and not through polling:
// a hold at window A lowers the count in window B's shows table, show picker
// and open bookings list while B's refresh timer never fires; a confirm and a
// cancel made through the REST API on the other instance reach A's pending
// holds. The status bar says "Live", "Polling" once B's server is gone, and
// "Live" again (and current) once a server is back on its port. A hold the
// server expires shows "Expired" from the server's event even when the local
// countdown runs an hour behind.
#include "guitestsupport.h"

#include "apiclient.h"
#include "bookingsmodel.h"
#include "counterview.h"
#include "holdsmodel.h"
#include "mainwindow.h"
#include "pushfeed.h"
#include "pushstatuslabel.h"
#include "serverprocess.h"
#include "showbookingsdialog.h"
#include "showsmodel.h"
#include "showsrefresher.h"
#include "showsview.h"
#include "testhttpclient.h"

#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
constexpr int kWaitMs = 20000;
// Far longer than any test: a change that shows up did not come from polling.
constexpr int kNeverMs = 600000;

int availableOf(const MainWindow &window, qint64 showId)
{
    const auto show = window.showsModel()->showById(showId);
    return show ? show->availableSeats() : -1;
}

// What the counter's show picker says for the show ("Hamlet · … · 7 left").
QString pickerText(MainWindow &window, qint64 showId)
{
    auto *picker = window.findChild<QComboBox *>(QStringLiteral("showPicker"));
    if (!picker)
        return QStringLiteral("(no picker)");
    for (int row = 0; row < picker->count(); ++row) {
        const QModelIndex index = picker->model()->index(row, 0);
        if (index.data(ShowsModel::ShowIdRole).toLongLong() == showId)
            return index.data().toString();
    }
    return QStringLiteral("(show not in the picker)");
}

QString countdownOf(const HoldsModel *holds, qint64 bookingId)
{
    const int row = holds->rowOfBooking(bookingId);
    return row < 0 ? QStringLiteral("(no row)")
                   : holds->index(row, HoldsModel::CountdownColumn).data().toString();
}

bool heardState(const QSignalSpy &spy, qint64 bookingId, Booking::Status status)
{
    for (const QList<QVariant> &signal : spy) {
        for (const auto &change : signal.at(0).value<QList<PushProtocol::BookingStateChange>>()) {
            if (change.id == bookingId && change.status == status)
                return true;
        }
    }
    return false;
}

bool watches(const QSignalSpy &spy, qint64 bookingId)
{
    for (const QList<QVariant> &signal : spy) {
        if (signal.at(0).value<QList<qint64>>().contains(bookingId))
            return true;
    }
    return false;
}

// Holds through window's counter form, as staff do; returns the new hold's booking id.
qint64 holdAtCounter(MainWindow &window, qint64 showId, const QString &customer, int seats)
{
    auto *counter = window.findChild<CounterView *>(QStringLiteral("counterView"));
    auto *name = window.findChild<QLineEdit *>(QStringLiteral("customerName"));
    auto *count = window.findChild<QSpinBox *>(QStringLiteral("seatCount"));
    if (!counter || !name || !count)
        return 0;
    window.showCounter();
    const int before = window.holdsModel()->rowCount();
    counter->selectShow(showId);
    name->clear();
    QTest::keyClicks(name, customer);
    count->setValue(seats);
    QTest::keyClick(name, Qt::Key_Return);
    if (!QTest::qWaitFor([&] { return window.holdsModel()->rowCount() == before + 1; }, kWaitMs))
        return 0;
    return window.holdsModel()->bookingAt(0).id; // the newest is on top
}
} // namespace

class TestLivePushTwoWindows : public QObject
{
    Q_OBJECT

private slots:
    void changesReachTheOtherWindowWithoutPolling()
    {
        ServerProcess serverA;
        QString databaseUrl;
        const QString failure = startServer(serverA, {}, &databaseUrl);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        ServerProcess serverB;
        serverB.setDatabaseUrl(databaseUrl);
        serverB.setAdminToken(serverA.adminToken());
        QVERIFY2(serverB.start(), qPrintable(serverB.errorString()));

        QTemporaryDir dirA;
        QTemporaryDir dirB;
        auto [settingsA, windowA] = openWindow(dirA, serverA);
        auto [settingsB, windowB] = openWindow(dirB, serverB);
        for (MainWindow *window : {windowA.get(), windowB.get()})
            window->refresher()->setInterval(kNeverMs);
        PushStatusLabel *statusA = nullptr;
        FIND_CHILD(statusA, windowA.get(), "pushStatus");
        PushStatusLabel *statusB = nullptr;
        FIND_CHILD(statusB, windowB.get(), "pushStatus");
        QTRY_VERIFY_WITH_TIMEOUT(windowA->pushFeed()->isLive(), kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(windowB->pushFeed()->isLive(), kWaitMs);
        QVERIFY2(statusA->text().contains(QStringLiteral("Live")), qPrintable(statusA->text()));
        QVERIFY2(statusB->text().contains(QStringLiteral("Live")), qPrintable(statusB->text()));
        QVERIFY2(!windowB->refresher()->isPolling(), "no periodic refresh while live");

        // A show made at A appears at B from its event.
        const Show show = createShow(*windowA, QStringLiteral("Seen everywhere"), 10);
        QVERIFY(show.id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*windowB, show.id), 10, kWaitMs);

        // B's admin has the show's bookings open.
        windowB->showShows();
        ShowsView *showsViewB = nullptr;
        FIND_CHILD(showsViewB, windowB.get(), "showsView");
        showsViewB->selectShow(show.id);
        QTableView *showsTableB = nullptr;
        FIND_CHILD(showsTableB, windowB.get(), "showsTable");
        QTest::keyClick(showsTableB, Qt::Key_B, Qt::ControlModifier);
        ShowBookingsDialog *bookingsB = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((bookingsB = windowB->findChild<ShowBookingsDialog *>()), 5000);
        QSignalSpy bookingsPagesB(bookingsB, &ShowBookingsDialog::pageLoaded);
        QTRY_COMPARE_WITH_TIMEOUT(bookingsPagesB.count(), 1, kWaitMs);
        QCOMPARE(bookingsB->model()->rowCount(), 0);

        // From here on, nothing at B asks for the shows: whatever changes there is pushed.
        QTRY_COMPARE_WITH_TIMEOUT(windowB->api()->pendingRequests(), 0, kWaitMs);
        QSignalSpy refreshesB(windowB->refresher(), &ShowsRefresher::refreshed);
        QSignalSpy watchStartedA(windowA->pushFeed(), &PushFeed::bookingsWatchStarted);
        QSignalSpy bookingEventsA(windowA->pushFeed(), &PushFeed::bookingsChanged);

        const qint64 confirmedElsewhere =
            holdAtCounter(*windowA, show.id, QStringLiteral("Ana"), 3);
        QVERIFY2(confirmedElsewhere > 0, "the hold at window A was not made");
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*windowB, show.id), 7, kWaitMs);
        QTRY_VERIFY2_WITH_TIMEOUT(pickerText(*windowB, show.id).endsWith(QStringLiteral("7 left")),
                                  qPrintable(pickerText(*windowB, show.id)), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(bookingsB->model()->rowCount(), 1, kWaitMs);
        QCOMPARE(bookingsB->model()->bookingAt(0).id, confirmedElsewhere);
        QCOMPARE(refreshesB.count(), 0);

        // Confirmed through the REST API on the other instance: A's pending hold says so.
        QTRY_VERIFY_WITH_TIMEOUT(watches(watchStartedA, confirmedElsewhere), kWaitMs);
        TestHttpClient restAtB(serverB.baseUrl(), serverB.adminToken());
        const auto confirm =
            restAtB.post(QStringLiteral("/bookings/%1/confirm").arg(confirmedElsewhere), {}, true);
        QCOMPARE(confirm.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(countdownOf(windowA->holdsModel(), confirmedElsewhere),
                                  QStringLiteral("Confirmed"), kWaitMs);
        QVERIFY(heardState(bookingEventsA, confirmedElsewhere, Booking::Status::Confirmed));
        QTRY_COMPARE_WITH_TIMEOUT(windowB->showsModel()->showById(show.id)->soldSeats, 3, kWaitMs);

        // Cancelled the same way: A shows that too, and the seats are free again at B.
        const qint64 cancelledElsewhere =
            holdAtCounter(*windowA, show.id, QStringLiteral("Ben"), 2);
        QVERIFY2(cancelledElsewhere > 0, "the second hold at window A was not made");
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*windowB, show.id), 5, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(watches(watchStartedA, cancelledElsewhere), kWaitMs);
        const auto cancel =
            restAtB.post(QStringLiteral("/bookings/%1/cancel").arg(cancelledElsewhere), {}, true);
        QCOMPARE(cancel.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(countdownOf(windowA->holdsModel(), cancelledElsewhere),
                                  QStringLiteral("Cancelled"), kWaitMs);
        QVERIFY(heardState(bookingEventsA, cancelledElsewhere, Booking::Status::Cancelled));
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*windowB, show.id), 7, kWaitMs);
        QCOMPARE(refreshesB.count(), 0);
        bookingsB->close();

        // B's server goes: B polls (and says so); A, on its own server, stays live.
        const quint16 portB = serverB.port();
        QVERIFY2(serverB.stop(), qPrintable(serverB.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(statusB->text().contains(QStringLiteral("Polling")),
                                  qPrintable(statusB->text()), kWaitMs);
        QVERIFY(windowB->refresher()->isPolling());
        QVERIFY(windowA->pushFeed()->isLive());

        // Meanwhile a hold at A; once a server is back on B's port, B is live and current.
        QVERIFY(holdAtCounter(*windowA, show.id, QStringLiteral("Cy"), 1) > 0);
        ServerProcess serverBAgain;
        serverBAgain.setPort(portB);
        serverBAgain.setDatabaseUrl(databaseUrl);
        serverBAgain.setAdminToken(serverA.adminToken());
        QVERIFY2(serverBAgain.start(), qPrintable(serverBAgain.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(statusB->text().contains(QStringLiteral("Live")),
                                  qPrintable(statusB->text()), 30000);
        QVERIFY2(!windowB->refresher()->isPolling(), "polling stops once live again");
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*windowB, show.id), 6, kWaitMs);
    }

    void serverExpiryShowsExpiredDespiteASlowCountdown()
    {
        ServerProcess server;
        const QString failure =
            startServer(server, {QStringLiteral("--hold-seconds"), QStringLiteral("3")});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QTemporaryDir dir;
        auto [settings, window] = openWindow(dir, server);
        window->refresher()->setInterval(kNeverMs);
        QTRY_VERIFY_WITH_TIMEOUT(window->pushFeed()->isLive(), kWaitMs);
        const Show show = createShow(*window, QStringLiteral("Expires on the server"), 6);
        QVERIFY(show.id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*window, show.id), 6, kWaitMs);

        // The countdown's clock an hour behind: on its own it would never reach the deadline.
        HoldsModel *holds = window->holdsModel();
        holds->setClock([] { return QDateTime::currentMSecsSinceEpoch() - 3600 * 1000; });
        QSignalSpy events(window->pushFeed(), &PushFeed::bookingsChanged);
        QSignalSpy expired(holds, &HoldsModel::holdExpired);
        const qint64 bookingId = holdAtCounter(*window, show.id, QStringLiteral("Dee"), 4);
        QVERIFY2(bookingId > 0, "the hold was not made");
        QVERIFY2(countdownOf(holds, bookingId) != QLatin1String("Expired"),
                 qPrintable(countdownOf(holds, bookingId)));
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*window, show.id), 2, kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(window->api()->pendingRequests(), 0, kWaitMs);
        QSignalSpy refreshes(window->refresher(), &ShowsRefresher::refreshed);

        QTRY_COMPARE_WITH_TIMEOUT(countdownOf(holds, bookingId), QStringLiteral("Expired"), 15000);
        QVERIFY2(heardState(events, bookingId, Booking::Status::Expired),
                 "the Expired state must come from the server's event");
        QCOMPARE(expired.count(), 1);
        // The seats come back from the show's event, with no refresh asked for.
        QTRY_COMPARE_WITH_TIMEOUT(availableOf(*window, show.id), 6, kWaitMs);
        QCOMPARE(refreshes.count(), 0);
    }
};

QTEST_MAIN(TestLivePushTwoWindows)
#include "tst_livepushtwowindows.moc"
