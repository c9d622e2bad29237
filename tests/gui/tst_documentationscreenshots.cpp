// Renders the client's main screens (counter, the seat picker of a seated show, shows, show
// dialog, bookings, flags, the flag editor, a counter with paused sales, offline) from the real
// widgets, against a real server filled with believable data, for docs/screenshots/. With
// BOXOFFICE_SCREENSHOT_DIR set the PNGs are written there (the boxoffice-screenshots target does
// that); without it the test still renders everything and checks the images, so the screens are
// smoke-tested in CI.
#include "guitestsupport.h"

#include "apiclient.h"
#include "bookinglookupview.h"
#include "bookingsmodel.h"
#include "connectionmonitor.h"
#include "counterview.h"
#include "flageditordialog.h"
#include "flagsmodel.h"
#include "flagsview.h"
#include "holdsmodel.h"
#include "mainwindow.h"
#include "pushfeed.h"
#include "salescontrolspanel.h"
#include "seatmapmodel.h"
#include "seatmapview.h"
#include "seatpickerdialog.h"
#include "serverconfigloader.h"
#include "serverprocess.h"
#include "showbookingsdialog.h"
#include "showdialog.h"
#include "showsmodel.h"
#include "showsview.h"
#include "testhttpclient.h"

#include <QApplication>
#include <QDateTimeEdit>
#include <QGraphicsItem>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStyleFactory>
#include <QTableView>
#include <QtTest>

using namespace GuiTestSupport;

class TestDocumentationScreenshots : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_dir;
    QTemporaryDir m_scratch;
    QString m_outputDir;

    void save(QWidget *widget, const QString &name)
    {
        QApplication::processEvents();
        const QPixmap pixmap = widget->grab();
        QVERIFY2(!pixmap.isNull() && pixmap.width() > 300 && pixmap.height() > 150,
                 qPrintable(name));
        const QString path = QDir(m_outputDir).filePath(name + QStringLiteral(".png"));
        QVERIFY2(pixmap.save(path), qPrintable(path));
        QVERIFY(QFileInfo(path).size() > 1000);
    }

    // Holds through the counter form, as staff would.
    static void holdAtCounter(CounterView *counter, qint64 showId, const QString &customer,
                              int seats)
    {
        QLineEdit *customerName = nullptr;
        FIND_CHILD(customerName, counter, "customerName");
        QSpinBox *seatCount = nullptr;
        FIND_CHILD(seatCount, counter, "seatCount");
        QTableView *holdsTable = nullptr;
        FIND_CHILD(holdsTable, counter, "holdsTable");
        counter->selectShow(showId);
        QTest::keyClicks(customerName, customer);
        seatCount->setValue(seats);
        const int before = holdsTable->model()->rowCount();
        QTest::keyClick(customerName, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(holdsTable->model()->rowCount(), before + 1, 20000);
    }

    static void sell(MainWindow &window, qint64 showId, const QString &customer, int seats)
    {
        const Booking booking = holdSeats(window, showId, customer, seats);
        QVERIFY(booking.id > 0);
        bool done = false;
        QObject context;
        window.api()->confirmBooking(booking.id, &context,
                                     [&done](const Result<Booking> &) { done = true; });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    }

    // A hall of two sections for the seat picker: stalls A–L of 20 seats
    // (accessible seats at the front corners) and a balcony M–Q of 16, the ends
    // of its back row behind pillars. Returns the plan's id, 0 on failure.
    qint64 createPlan()
    {
        TestHttpClient rest(m_server.baseUrl(), m_server.adminToken());
        const auto reply = rest.post(
            QStringLiteral("/admin/plans"),
            QJsonDocument::fromJson(
                R"({"name":"Grand Hall","sections":[)"
                R"({"name":"Stalls","category":"standard","rows":12,"seats_per_row":20,)"
                R"("accessible":["A-1","A-2","A-19","A-20"]},)"
                R"({"name":"Balcony","category":"premium","rank":1,"rows":5,"seats_per_row":16,)"
                R"("first_row":"M","restricted_view":["Q-1","Q-2","Q-15","Q-16"]}]})")
                .object(),
            true);
        if (reply.status != 201) {
            qWarning() << "POST /admin/plans: expected 201, got" << reply.describe();
            return 0;
        }
        return reply.object().value(QStringLiteral("id")).toInteger();
    }

    // A seated show through the API (the window hears of it from push); 0 on failure.
    qint64 createSeatedShow(MainWindow &window, const QString &name, const QDateTime &start,
                            qint64 planId)
    {
        TestHttpClient rest(m_server.baseUrl(), m_server.adminToken());
        const auto reply =
            rest.post(QStringLiteral("/admin/shows"),
                      {{QStringLiteral("name"), name},
                       {QStringLiteral("start_time"), start.toUTC().toString(Qt::ISODateWithMs)},
                       {QStringLiteral("seating_plan_id"), planId}},
                      true);
        if (reply.status != 201) {
            qWarning() << "POST /admin/shows: expected 201, got" << reply.describe();
            return 0;
        }
        const qint64 id = reply.object().value(QStringLiteral("id")).toInteger();
        const bool known = QTest::qWaitFor(
            [&] {
                const auto show = window.showsModel()->showById(id);
                return show && show->isSeated();
            },
            20000);
        return known ? id : 0;
    }

    // "D-4".."D-17" for ("D", 4, 17).
    static QStringList seatRange(const QString &row, int first, int last)
    {
        QStringList labels;
        for (int number = first; number <= last; ++number)
            labels << QStringLiteral("%1-%2").arg(row).arg(number);
        return labels;
    }

    // Holds these seats of a seated show for `customer`, and sells them if `confirm`.
    void bookSeats(qint64 showId, const QString &customer, const QStringList &labels, bool confirm)
    {
        TestHttpClient rest(m_server.baseUrl(), m_server.adminToken());
        const auto held =
            rest.post(QStringLiteral("/shows/%1/book").arg(showId),
                      {{QStringLiteral("user_name"), customer},
                       {QStringLiteral("seat_ids"), QJsonArray::fromStringList(labels)}},
                      true);
        QVERIFY2(held.status == 201,
                 qPrintable(QStringLiteral("POST /shows/%1/book %2: expected 201, got %3")
                                .arg(showId)
                                .arg(labels.join(QStringLiteral(",")), held.describe())));
        if (!confirm)
            return;
        const qint64 id = held.object().value(QStringLiteral("id")).toInteger();
        const auto sold = rest.post(QStringLiteral("/bookings/%1/confirm").arg(id), {}, true);
        QVERIFY2(
            sold.status == 200,
            qPrintable(
                QStringLiteral("confirm %1: expected 200, got %2").arg(id).arg(sold.describe())));
    }

    // Where a seat (by id) is drawn on the map, in scene coordinates.
    static QPointF seatCentre(SeatMapView *map, qint64 seatId)
    {
        for (QGraphicsItem *item : map->scene()->items()) {
            if (item->data(0).toLongLong() == seatId)
                return item->sceneBoundingRect().center();
        }
        return {};
    }

    static void putFlag(MainWindow &window, const QString &key, const QJsonValue &value)
    {
        bool done = false;
        QObject context;
        window.api()->putFlag(key, value, std::nullopt, &context,
                              [&done](const Result<Api::FeatureFlag> &result) {
                                  QVERIFY2(result.ok(), "PUT /admin/flags/:key");
                                  done = true;
                              });
        QTRY_VERIFY_WITH_TIMEOUT(done, 20000);
    }

private slots:
    void initTestCase()
    {
        QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
        m_outputDir = qEnvironmentVariable("BOXOFFICE_SCREENSHOT_DIR");
        if (m_outputDir.isEmpty())
            m_outputDir = m_scratch.path();
        QVERIFY(QDir().mkpath(m_outputDir));
        // Holds that go amber within seconds, so the screenshot shows both colours.
        const QString failure =
            startServer(m_server, {QStringLiteral("--hold-seconds"), QStringLiteral("40")});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void renderMainScreens()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        window->resize(1366, 768);
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);

        const QDateTime base = QDateTime(QDate::currentDate().addDays(3), QTime(19, 30));
        const Show hamlet =
            createShow(*window, QStringLiteral("Hamlet — National Theatre"), 420, base);
        const Show nutcracker = createShow(*window, QStringLiteral("The Nutcracker (matinee)"), 250,
                                           base.addDays(1).addSecs(-5 * 3600));
        const Show jazz = createShow(*window, QStringLiteral("Jazz at Midnight: Kallio Trio"), 60,
                                     base.addDays(1).addSecs(4 * 3600 + 1800));
        const Show carmen = createShow(*window, QStringLiteral("Carmen"), 40, base.addDays(2));
        const Show standup = createShow(*window, QStringLiteral("Stand-up Night with Mira Okafor"),
                                        120, base.addDays(4).addSecs(1800));
        const Show ferry = createShow(*window, QStringLiteral("Harbour Lights Cruise"), 80,
                                      base.addDays(6).addSecs(-2 * 3600));
        for (const Show &show : {hamlet, nutcracker, jazz, carmen, standup, ferry})
            QVERIFY(show.id > 0);
        const qint64 planId = createPlan();
        QVERIFY(planId > 0);
        const qint64 flute = createSeatedShow(*window, QStringLiteral("The Magic Flute"),
                                              base.addDays(2).addSecs(-1800), planId);
        QVERIFY(flute > 0);

        sell(*window, hamlet.id, QStringLiteral("School group Lindholm"), 20);
        sell(*window, hamlet.id, QStringLiteral("Theatre club"), 20);
        const QStringList groups = {
            QStringLiteral("Riverside Book Club"),     QStringLiteral("Hanna Järvinen"),
            QStringLiteral("St. Mary's Sixth Form"),   QStringLiteral("Oliver Grant"),
            QStringLiteral("Company outing Vestas"),   QStringLiteral("Leila Rahimi"),
            QStringLiteral("Drama students (Year 2)"), QStringLiteral("Tomasz Nowak"),
            QStringLiteral("Retirees' Society")};
        for (const QString &group : groups)
            sell(*window, hamlet.id, group, 20);
        sell(*window, carmen.id, QStringLiteral("Opera society"), 20);
        sell(*window, carmen.id, QStringLiteral("Opera society (2)"), 20);
        sell(*window, jazz.id, QStringLiteral("Kallio fan club"), 12);
        sell(*window, nutcracker.id, QStringLiteral("Dance school Pirouette"), 20);
        sell(*window, nutcracker.id, QStringLiteral("Family Nieminen"), 5);
        sell(*window, standup.id, QStringLiteral("Office party"), 18);
        // The Magic Flute: the middle of the stalls mostly sold, some of the balcony.
        const struct
        {
            const char *customer;
            QStringList seats;
        } fluteSales[] = {
            {"Opera circle Nord", seatRange(QStringLiteral("A"), 8, 13)},
            {"Helsinki Youth Choir", seatRange(QStringLiteral("C"), 6, 15)},
            {"Bank outing Meridian", seatRange(QStringLiteral("D"), 4, 17)},
            {"Music school Allegro", seatRange(QStringLiteral("E"), 5, 16)},
            {"Family Korhonen", seatRange(QStringLiteral("F"), 1, 6)},
            {"Family Lindgren", seatRange(QStringLiteral("F"), 15, 20)},
            {"Mozart Society", seatRange(QStringLiteral("H"), 7, 14)},
            {"Anna Petrova", seatRange(QStringLiteral("B"), 9, 12)},
            {"Teachers' union", seatRange(QStringLiteral("J"), 1, 4)},
            {"Subscribers (balcony)", seatRange(QStringLiteral("M"), 3, 14)},
            {"Subscribers (balcony, 2)", seatRange(QStringLiteral("N"), 5, 12)},
        };
        for (const auto &sale : fluteSales)
            bookSeats(flute, QString::fromUtf8(sale.customer), sale.seats, true);
        {
            // The sound desk at the back of the stalls is not for sale at this show.
            TestHttpClient rest(m_server.baseUrl(), m_server.adminToken());
            const auto blocked =
                rest.patch(QStringLiteral("/admin/shows/%1/seats").arg(flute),
                           {{QStringLiteral("block"),
                             QJsonArray::fromStringList(seatRange(QStringLiteral("L"), 9, 12))}});
            QVERIFY2(blocked.status == 200, qPrintable(blocked.describe()));
        }
        QVERIFY(holdSeats(*window, jazz.id, QStringLiteral("Table by the stage"), 6).id > 0);
        // A cancelled show, to show how it looks.
        bool cancelled = false;
        QObject context;
        window->api()->cancelShow(
            ferry.id, &context,
            [&cancelled](const Result<ShowCancellation> &) { cancelled = true; });
        QTRY_VERIFY_WITH_TIMEOUT(cancelled, 20000);

        // The counter: two older holds (amber by now), fresh ones, one just confirmed.
        CounterView *counter = nullptr;
        FIND_CHILD(counter, window.get(), "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        QLabel *confirmed = nullptr;
        FIND_CHILD(confirmed, counter, "confirmedReference");
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->rowCount() >= 6, 20000);
        holdAtCounter(counter, nutcracker.id, QStringLiteral("Maria Lindqvist"), 4);
        holdAtCounter(counter, hamlet.id, QStringLiteral("Jonas Berg"), 2);
        HoldsModel *holds = window->holdsModel();
        QTRY_VERIFY_WITH_TIMEOUT(
            holds->index(1, HoldsModel::CountdownColumn).data(HoldsModel::UrgencyRole).toInt() ==
                int(Countdown::Urgency::Warning),
            30000);
        holdAtCounter(counter, standup.id, QStringLiteral("Aleksi Virtanen"), 3);
        holdAtCounter(counter, jazz.id, QStringLiteral("Noor Haddad"), 2);
        holdAtCounter(counter, hamlet.id, QStringLiteral("Sofia Marquez"), 6);
        QTest::keyClick(customer, Qt::Key_Return, Qt::ControlModifier); // confirms Sofia
        QTRY_COMPARE_WITH_TIMEOUT(holds->rowCount(), 4, 20000);
        const QString confirmedReference = confirmed->text();
        // Last, a seated show: best available names the seats, and "Choose seats…" shows.
        holdAtCounter(counter, flute, QStringLiteral("Emil Koskinen"), 2);

        // Look up the confirmed booking in the side panel.
        BookingLookupView *lookup = nullptr;
        FIND_CHILD(lookup, window.get(), "bookingLookupView");
        QLineEdit *reference = nullptr;
        FIND_CHILD(reference, lookup, "referenceSearch");
        QTest::keyClicks(reference, confirmedReference);
        QTest::keyClick(reference, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(lookup->booking().has_value(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(hamlet.id)->soldSeats >= 226,
                                 20000);
        // The status bar's "● Live": push is connected.
        QTRY_VERIFY_WITH_TIMEOUT(window->pushFeed()->isLive(), 20000);
        customer->setFocus();
        save(window.get(), QStringLiteral("counter"));

        // The seat picker of the seated show: other counters' holds (made now, the
        // holds last 40 s), the sold and blocked seats, and three seats picked.
        bookSeats(flute, QStringLiteral("Walk-in (counter 2)"),
                  seatRange(QStringLiteral("G"), 8, 11), false);
        bookSeats(flute, QStringLiteral("Phone booking"), seatRange(QStringLiteral("K"), 15, 17),
                  false);
        bookSeats(flute, QStringLiteral("Web shop"), seatRange(QStringLiteral("N"), 1, 2), false);
        QTest::keyClicks(customer, QStringLiteral("Ingrid Dahl"));
        QPushButton *chooseSeats = nullptr;
        FIND_CHILD(chooseSeats, counter, "chooseSeatsButton");
        QTRY_VERIFY_WITH_TIMEOUT(chooseSeats->isVisible() && chooseSeats->isEnabled(), 20000);
        chooseSeats->click();
        SeatPickerDialog *picker = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((picker = window->findChild<SeatPickerDialog *>()) != nullptr,
                                 5000);
        QVERIFY(QTest::qWaitForWindowExposed(picker));
        SeatMapView *map = nullptr;
        FIND_CHILD(map, picker, "seatMapView");
        // The counter's own hold (A-6, A-7) counts too, unless a slow machine let it lapse.
        QTRY_VERIFY_WITH_TIMEOUT(map->model()->counts().held >= 4 + 3 + 2, 20000);
        QCOMPARE(map->model()->counts().blocked, 4);
        QCoreApplication::processEvents();
        for (const QString &label : seatRange(QStringLiteral("F"), 9, 11)) {
            const int row = map->model()->rowOfLabel(label);
            QVERIFY2(row >= 0, qPrintable(label));
            const QPoint at = map->mapFromScene(seatCentre(map, map->model()->seatAt(row).id));
            QTest::mouseClick(map->viewport(), Qt::LeftButton, {}, at);
        }
        QCOMPARE(map->model()->selectedLabels(), seatRange(QStringLiteral("F"), 9, 11));
        save(picker, QStringLiteral("seat-map"));
        picker->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!window->findChild<SeatPickerDialog *>(), 5000);
        customer->clear();

        // The shows table, sorted by start, with a show selected.
        window->showShows();
        ShowsView *shows = nullptr;
        FIND_CHILD(shows, window.get(), "showsView");
        shows->selectShow(jazz.id);
        save(window.get(), QStringLiteral("shows"));

        // New-show dialog, filled in.
        shows->newShow();
        ShowDialog *dialog = nullptr;
        FIND_CHILD(dialog, shows, "showDialog");
        QLineEdit *name = nullptr;
        FIND_CHILD(name, dialog, "showName");
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, dialog, "showSeats");
        QTest::keyClicks(name, QStringLiteral("A Midsummer Night's Dream"));
        seats->setValue(350);
        save(dialog, QStringLiteral("show-dialog"));
        dialog->reject();

        // The bookings of a show.
        shows->selectShow(hamlet.id);
        shows->showBookingsOfSelected();
        ShowBookingsDialog *bookings = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((bookings = window->findChild<ShowBookingsDialog *>()) != nullptr,
                                 5000);
        QTRY_VERIFY_WITH_TIMEOUT(bookings->model()->rowCount() >= 10, 20000);
        save(bookings, QStringLiteral("show-bookings"));
        bookings->close();

        // The Flags page: a rollout, a plain switch, a limit set by flag, one show paused.
        putFlag(*window, QStringLiteral("ai:model"),
                QJsonObject{{QStringLiteral("model"), QStringLiteral("claude-haiku-4.5")},
                            {QStringLiteral("percent"), 12.5},
                            {QStringLiteral("model_fallback"), QStringLiteral("claude-4-mini")}});
        putFlag(*window, QStringLiteral("checkout_v2"), true);
        putFlag(*window, QStringLiteral("receipt.footer"), QStringLiteral("Thank you for coming!"));
        putFlag(*window, QStringLiteral("booking.max_seats"), 8);
        putFlag(*window, QStringLiteral("sales.paused.show.%1").arg(standup.id), true);
        window->showFlags();
        FlagsView *flags = nullptr;
        FIND_CHILD(flags, window.get(), "flagsView");
        flags->refresh();
        QTRY_VERIFY_WITH_TIMEOUT(flags->model()->rowCount() >= 5, 20000);
        flags->salesControls()->selectShow(standup.id);
        QTRY_VERIFY_WITH_TIMEOUT(
            window->serverConfig()->config().pausedShowIds.contains(standup.id), 20000);
        flags->selectFlag(QStringLiteral("ai:model"));
        save(window.get(), QStringLiteral("flags"));

        // The editor on the rollout, with a preview of 200 generated subjects.
        flags->editSelectedFlag();
        FlagEditorDialog *editor = nullptr;
        FIND_CHILD(editor, flags, "flagEditorDialog");
        QPushButton *generate = nullptr;
        FIND_CHILD(generate, editor, "previewGenerateButton");
        QPushButton *preview = nullptr;
        FIND_CHILD(preview, editor, "previewButton");
        QLabel *summary = nullptr;
        FIND_CHILD(summary, editor, "previewSummary");
        generate->click();
        preview->click();
        QTRY_VERIFY_WITH_TIMEOUT(summary->text().startsWith(QStringLiteral("inside:")), 20000);
        save(editor, QStringLiteral("flag-editor"));
        editor->reject();

        // The counter with the paused show picked: the banner, and no Hold.
        window->showCounter();
        counter->selectShow(standup.id);
        QLabel *banner = nullptr;
        FIND_CHILD(banner, counter, "salesPausedBanner");
        QTRY_VERIFY_WITH_TIMEOUT(banner->isVisible(), 20000);
        save(window.get(), QStringLiteral("counter-paused"));

        // Offline: the status bar says so and keeps retrying.
        window->showCounter();
        QVERIFY2(m_server.stop(), qPrintable(m_server.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Offline,
                                  30000);
        save(window.get(), QStringLiteral("offline"));
    }
};

QTEST_MAIN(TestDocumentationScreenshots)
#include "tst_documentationscreenshots.moc"
