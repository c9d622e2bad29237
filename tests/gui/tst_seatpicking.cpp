// Reserved seating at the counter, against two server instances of one
// database: a plan and a seated show are made through the API; window A picks
// two seats on the map with the mouse and holds them with Enter, and window B,
// whose map of the show is open, sees them turn held from live push without
// reading the map again. The hold sits in A's holds list with its seats and
// its countdown, and confirming it there turns the seats sold in B. Typing "2"
// and Enter on A's map holds the best two seats, side by side, and cancelling
// that hold frees them in B. An admin blocks seats on A's map ("Block
// seats…") and B's map shows them blocked, not to be picked, until unblocked.
#include "guitestsupport.h"

#include "apiclient.h"
#include "counterview.h"
#include "holdsmodel.h"
#include "mainwindow.h"
#include "pushfeed.h"
#include "seatmapmodel.h"
#include "seatmapview.h"
#include "seatpickerdialog.h"
#include "serverprocess.h"
#include "showsmodel.h"
#include "showsrefresher.h"
#include "testhttpclient.h"

#include <QGraphicsItem>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QtTest>

#include <memory>

using namespace GuiTestSupport;
using Api::SeatState;

namespace {
constexpr int kWaitMs = 20000;
constexpr int kNeverMs = 600000; // far longer than the test: no change comes from polling

// Where `label` is on `view`'s screen, found in the scene as a person finds it.
QPoint seatPoint(SeatMapView *view, const QString &label)
{
    SeatMapModel *model = view->model();
    const int row = model->rowOfLabel(label);
    if (row < 0)
        return {-1, -1};
    const qint64 id = model->seatAt(row).id;
    for (QGraphicsItem *item : view->scene()->items()) {
        if (item->data(0).toLongLong() == id)
            return view->mapFromScene(item->sceneBoundingRect().center());
    }
    return {-1, -1};
}

QString stateOf(SeatMapView *view, const QString &label)
{
    const int row = view->model()->rowOfLabel(label);
    return row < 0 ? QStringLiteral("(no seat %1)").arg(label)
                   : Api::seatStateName(view->model()->seatAt(row).state);
}

// "B-4" -> ("B", 4).
std::pair<QString, int> rowAndNumber(const QString &label)
{
    const qsizetype dash = label.lastIndexOf(QLatin1Char('-'));
    return {label.left(dash), label.mid(dash + 1).toInt()};
}
} // namespace

class TestSeatPicking : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_serverA, {}, &m_databaseUrl);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_serverB.setDatabaseUrl(m_databaseUrl);
        m_serverB.setAdminToken(m_serverA.adminToken());
        QVERIFY2(m_serverB.start(), qPrintable(m_serverB.errorString()));

        TestHttpClient rest(m_serverA.baseUrl(), m_serverA.adminToken());
        const auto plan = rest.post(
            QStringLiteral("/admin/plans"),
            QJsonDocument::fromJson(R"({"name":"Studio","sections":[{"name":"Stalls",)"
                                    R"("category":"standard","rows":5,"seats_per_row":10}]})")
                .object(),
            true);
        QVERIFY2(plan.status == 201, qPrintable(QStringLiteral("POST /admin/plans: expected 201, "
                                                               "got %1")
                                                    .arg(plan.describe())));
        m_planId = plan.object().value(QStringLiteral("id")).toInteger();
        QVERIFY2(m_planId > 0, qPrintable(plan.describe()));

        m_windowA = openWindow(m_dirA, m_serverA);
        m_windowB = openWindow(m_dirB, m_serverB);
        for (MainWindow *window : {m_windowA.window.get(), m_windowB.window.get()}) {
            window->refresher()->setInterval(kNeverMs);
            QTRY_VERIFY_WITH_TIMEOUT(window->pushFeed()->isLive(), kWaitMs);
        }
    }

    void cleanupTestCase()
    {
        m_windowA = {};
        m_windowB = {};
        m_serverB.stop();
        m_serverA.stop();
    }

    void seatsPickedInOneWindowTurnHeldInTheOther()
    {
        MainWindow &a = *m_windowA.window;
        MainWindow &b = *m_windowB.window;
        const qint64 showId = createSeatedShow(QStringLiteral("Studio night"));
        QVERIFY(showId > 0);

        SeatMapView *mapB = openPicker(b, showId, QString());
        QVERIFY(mapB);
        QCOMPARE(mapB->model()->rowCount(), 50);
        QCOMPARE(stateOf(mapB, QStringLiteral("B-3")), QStringLiteral("free"));
        // From here on B reads neither the map nor the shows: what changes is pushed.
        QSignalSpy rereadsB(mapB->model(), &QAbstractItemModel::modelReset);
        QSignalSpy refreshesB(b.refresher(), &ShowsRefresher::refreshed);

        SeatMapView *mapA = openPicker(a, showId, QStringLiteral("Ana"));
        QVERIFY(mapA);
        QPointer<SeatPickerDialog> pickerA = a.findChild<SeatPickerDialog *>();
        const int holdsBefore = a.holdsModel()->rowCount();
        QTest::mouseClick(mapA->viewport(), Qt::LeftButton, {},
                          seatPoint(mapA, QStringLiteral("B-3")));
        QTest::mouseClick(mapA->viewport(), Qt::LeftButton, {},
                          seatPoint(mapA, QStringLiteral("B-4")));
        QCOMPARE(mapA->model()->selectedLabels(), (QStringList{"B-3", "B-4"}));
        QTest::keyClick(mapA, Qt::Key_Return);

        // The hold joins A's holds list like any other, with its seats and countdown.
        QTRY_COMPARE_WITH_TIMEOUT(a.holdsModel()->rowCount(), holdsBefore + 1, kWaitMs);
        const Booking held = a.holdsModel()->bookingAt(0);
        QCOMPARE(held.seatLabels, (QStringList{"B-3", "B-4"}));
        QCOMPARE(held.seats, 2);
        QCOMPARE(held.userName, QStringLiteral("Ana"));
        QCOMPARE(a.holdsModel()->index(0, HoldsModel::SeatsColumn).data().toString(),
                 QStringLiteral("B-3, B-4"));
        QVERIFY2(countdownSeconds(
                     a.holdsModel()->index(0, HoldsModel::CountdownColumn).data().toString()) > 0,
                 "the seat hold counts down");
        QTRY_VERIFY_WITH_TIMEOUT(!pickerA, kWaitMs); // back at the counter

        // B's open map: held, from push.
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, QStringLiteral("B-3")), QStringLiteral("held"),
                                  kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, QStringLiteral("B-4")), QStringLiteral("held"),
                                  kWaitMs);
        QCOMPARE(stateOf(mapB, QStringLiteral("B-5")), QStringLiteral("free"));
        QTRY_COMPARE_WITH_TIMEOUT(mapB->model()->counts().held, 2, kWaitMs);
        QCoreApplication::processEvents();
        const QImage shot = mapB->viewport()->grab().toImage();
        QCOMPARE(shot.pixelColor(seatPoint(mapB, QStringLiteral("B-3"))).name(),
                 SeatMapView::stateColor(SeatState::Held).name());

        // Confirmed at A's counter as any hold is: sold in B's map.
        auto *counterA = a.findChild<CounterView *>(QStringLiteral("counterView"));
        QVERIFY(counterA);
        QTRY_COMPARE_WITH_TIMEOUT(a.api()->pendingRequests(), 0, kWaitMs);
        counterA->confirmHold(held.id);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, QStringLiteral("B-3")), QStringLiteral("sold"),
                                  kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, QStringLiteral("B-4")), QStringLiteral("sold"),
                                  kWaitMs);
        QCOMPARE(rereadsB.count(), 0);
        QCOMPARE(refreshesB.count(), 0);
        closePicker(b);
    }

    void bestAvailableFromTheKeyboardHoldsSeatsSideBySide()
    {
        MainWindow &a = *m_windowA.window;
        MainWindow &b = *m_windowB.window;
        const qint64 showId = createSeatedShow(QStringLiteral("Studio matinee"));
        QVERIFY(showId > 0);
        SeatMapView *mapB = openPicker(b, showId, QString());
        QVERIFY(mapB);
        QSignalSpy rereadsB(mapB->model(), &QAbstractItemModel::modelReset);

        SeatMapView *mapA = openPicker(a, showId, QStringLiteral("Ben"));
        QVERIFY(mapA);
        const int holdsBefore = a.holdsModel()->rowCount();
        QTest::keyClick(mapA, Qt::Key_2);
        QTest::keyClick(mapA, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(a.holdsModel()->rowCount(), holdsBefore + 1, kWaitMs);
        const Booking held = a.holdsModel()->bookingAt(0);
        QCOMPARE(held.seats, 2);
        QCOMPARE(held.seatLabels.size(), 2);
        const auto first = rowAndNumber(held.seatLabels.at(0));
        const auto second = rowAndNumber(held.seatLabels.at(1));
        QVERIFY2(first.first == second.first && std::abs(first.second - second.second) == 1,
                 qPrintable(QStringLiteral("expected two seats side by side, got %1")
                                .arg(held.seatLabels.join(QStringLiteral(", ")))));
        for (const QString &label : held.seatLabels)
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, label), QStringLiteral("held"), kWaitMs);

        // Cancelled at the counter: free again in B's map.
        auto *counterA = a.findChild<CounterView *>(QStringLiteral("counterView"));
        QVERIFY(counterA);
        QTRY_VERIFY_WITH_TIMEOUT(!a.findChild<SeatPickerDialog *>(), kWaitMs);
        counterA->cancelHold(held.id);
        for (const QString &label : held.seatLabels)
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, label), QStringLiteral("free"), kWaitMs);
        QCOMPARE(mapB->model()->counts().free, 50);
        QCOMPARE(rereadsB.count(), 0);
        closePicker(b);
    }

    void adminBlocksSeatsThatTheOtherWindowSeesBlocked()
    {
        MainWindow &a = *m_windowA.window;
        MainWindow &b = *m_windowB.window;
        const qint64 showId = createSeatedShow(QStringLiteral("Studio with a camera"));
        QVERIFY(showId > 0);
        SeatMapView *mapB = openPicker(b, showId, QStringLiteral("Cy"));
        QVERIFY(mapB);

        SeatMapView *mapA = openPicker(a, showId, QString(), "blockSeatsButton");
        QVERIFY(mapA);
        auto *pickerA = a.findChild<SeatPickerDialog *>();
        QCOMPARE(pickerA->mode(), SeatPickerDialog::Mode::Block);
        QPushButton *block = nullptr;
        FIND_CHILD(block, pickerA, "blockSelectedButton");
        QPushButton *unblock = nullptr;
        FIND_CHILD(unblock, pickerA, "unblockSelectedButton");
        for (const QString &label : {QStringLiteral("E-1"), QStringLiteral("E-2")})
            QTest::mouseClick(mapA->viewport(), Qt::LeftButton, {}, seatPoint(mapA, label));
        QVERIFY(block->isEnabled());
        block->click();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapA, QStringLiteral("E-1")), QStringLiteral("blocked"),
                                  kWaitMs);
        for (const QString &label : {QStringLiteral("E-1"), QStringLiteral("E-2")})
            QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, label), QStringLiteral("blocked"), kWaitMs);
        QTRY_COMPARE_WITH_TIMEOUT(b.showsModel()->showById(showId)->totalSeats, 48, kWaitMs);

        // At B's counter a blocked seat cannot be picked.
        QTest::mouseClick(mapB->viewport(), Qt::LeftButton, {},
                          seatPoint(mapB, QStringLiteral("E-1")));
        QCOMPARE(mapB->model()->selectedCount(), 0);

        // The admin picks a blocked seat and puts it back on sale.
        QTest::mouseClick(mapA->viewport(), Qt::LeftButton, {},
                          seatPoint(mapA, QStringLiteral("E-1")));
        QCOMPARE(mapA->model()->selectedLabels(), QStringList{"E-1"});
        unblock->click();
        QTRY_COMPARE_WITH_TIMEOUT(stateOf(mapB, QStringLiteral("E-1")), QStringLiteral("free"),
                                  kWaitMs);
        QCOMPARE(stateOf(mapB, QStringLiteral("E-2")), QStringLiteral("blocked"));
        closePicker(a);
        closePicker(b);
    }

private:
    qint64 createSeatedShow(const QString &name)
    {
        TestHttpClient rest(m_serverA.baseUrl(), m_serverA.adminToken());
        const auto reply =
            rest.post(QStringLiteral("/admin/shows"),
                      {{QStringLiteral("name"), name},
                       {QStringLiteral("start_time"),
                        QDateTime::currentDateTimeUtc().addDays(7).toString(Qt::ISODateWithMs)},
                       {QStringLiteral("seating_plan_id"), m_planId}},
                      true);
        if (reply.status != 201) {
            qWarning() << "POST /admin/shows:" << reply.describe();
            return 0;
        }
        const qint64 id = reply.object().value(QStringLiteral("id")).toInteger();
        // Both windows hear of it from its event.
        for (MainWindow *window : {m_windowA.window.get(), m_windowB.window.get()}) {
            if (!QTest::qWaitFor([&] { return window->showsModel()->showById(id).has_value(); },
                                 kWaitMs))
                return 0;
        }
        return id;
    }

    // Picks the show at the window's counter, types the customer and presses
    // "Choose seats…"; returns the map once its seats are in (nullptr if not).
    SeatMapView *openPicker(MainWindow &window, qint64 showId, const QString &customer,
                            const char *button = "chooseSeatsButton")
    {
        window.showCounter();
        auto *counter = window.findChild<CounterView *>(QStringLiteral("counterView"));
        auto *name = window.findChild<QLineEdit *>(QStringLiteral("customerName"));
        auto *choose = window.findChild<QPushButton *>(QLatin1String(button));
        if (!counter || !name || !choose) {
            qWarning("the counter's form or its Choose seats button is missing");
            return nullptr;
        }
        counter->selectShow(showId);
        name->clear();
        QTest::keyClicks(name, customer);
        if (!QTest::qWaitFor([&] { return choose->isVisible() && choose->isEnabled(); }, kWaitMs)) {
            qWarning("%s is not offered for a seated show", button);
            return nullptr;
        }
        choose->click();
        SeatPickerDialog *picker = nullptr;
        if (!QTest::qWaitFor([&] { return (picker = window.findChild<SeatPickerDialog *>()); },
                             kWaitMs) ||
            !QTest::qWaitForWindowExposed(picker)) {
            qWarning("no seat picker opened");
            return nullptr;
        }
        auto *map = picker->findChild<SeatMapView *>(QStringLiteral("seatMapView"));
        if (!map || !QTest::qWaitFor([&] { return map->model()->rowCount() > 0; }, kWaitMs)) {
            qWarning("the seat map did not load");
            return nullptr;
        }
        return map;
    }

    void closePicker(MainWindow &window)
    {
        if (auto *picker = window.findChild<SeatPickerDialog *>())
            picker->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!window.findChild<SeatPickerDialog *>(), kWaitMs);
    }

    ServerProcess m_serverA;
    ServerProcess m_serverB;
    QString m_databaseUrl;
    qint64 m_planId = 0;
    QTemporaryDir m_dirA;
    QTemporaryDir m_dirB;
    Window m_windowA;
    Window m_windowB;
};

QTEST_MAIN(TestSeatPicking)
#include "tst_seatpicking.moc"
