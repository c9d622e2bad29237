// Sales paused by an operator reach a counter at once, without a restart: the
// admin pauses with the toggle on the Flags page (confirming the question) in
// one MainWindow, and a counter in a second MainWindow (its own ApiClient, no
// token) shows the banner within seconds and refuses to hold; pausing one show
// affects only that show; resuming lifts it. A hold sent at the moment of a
// pause, before the counter's next look at /config, gets the banner from the
// server's sales_paused answer.
#include "guitestsupport.h"

#include "apiclient.h"
#include "connectionmonitor.h"
#include "counterview.h"
#include "flagsview.h"
#include "holdsmodel.h"
#include "inlinemessage.h"
#include "mainwindow.h"
#include "salescontrolspanel.h"
#include "serverconfigloader.h"
#include "serverprocess.h"
#include "showsmodel.h"

#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
// The counter polls /config every 2 s; generous, because the machine may be busy.
constexpr int kBannerTimeoutMs = 15000;

// The widgets of one counter that these tests watch.
struct Counter
{
    CounterView *view = nullptr;
    QLabel *banner = nullptr;
    QPushButton *hold = nullptr;
    QLineEdit *customer = nullptr;
    InlineMessage *message = nullptr;
};
} // namespace

class TestCounterPausedSales : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_adminDir;
    QTemporaryDir m_counterDir;

    static void findCounter(MainWindow &window, Counter &counter)
    {
        FIND_CHILD(counter.view, &window, "counterView");
        FIND_CHILD(counter.banner, counter.view, "salesPausedBanner");
        FIND_CHILD(counter.hold, counter.view, "holdButton");
        FIND_CHILD(counter.customer, counter.view, "customerName");
        FIND_CHILD(counter.message, counter.view, "counterMessage");
    }

    // Clicks a sales toggle on the admin's Flags page and confirms the question.
    static void toggleAndConfirm(MainWindow &admin, const char *buttonName)
    {
        QPushButton *toggle = admin.findChild<QPushButton *>(QLatin1String(buttonName));
        QVERIFY2(toggle && toggle->isEnabled(), buttonName);
        const bool before = toggle->isChecked();
        QTest::mouseClick(toggle, Qt::LeftButton);
        // Not flipped by the click alone: only once the question is answered.
        QCOMPARE(toggle->isChecked(), before);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = admin.findChild<QMessageBox *>(
                                      QStringLiteral("salesChangeConfirmation"))) != nullptr,
                                 5000);
        auto *yes = box->findChild<QPushButton *>(QStringLiteral("confirmSalesChange"));
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(toggle->isChecked(), !before, kBannerTimeoutMs);
    }

    // The counter window: no token, as at a box-office counter.
    Window openCounter()
    {
        Window counter = openWindow(m_counterDir, m_server);
        counter.window->setConnection(m_server.baseUrl(), QByteArray());
        return counter;
    }

    static void setFlag(MainWindow &window, const QString &key, const QJsonValue &value)
    {
        std::optional<Result<Api::FeatureFlag>> outcome;
        QObject context;
        window.api()->putFlag(key, value, std::nullopt, &context,
                              [&outcome](const Result<Api::FeatureFlag> &r) { outcome = r; });
        QTRY_VERIFY_WITH_TIMEOUT(outcome.has_value(), 20000);
        if (!outcome->ok())
            QFAIL(qPrintable(
                QStringLiteral("PUT %1 refused: %2").arg(key, outcome->error().message)));
    }

    // Until the server's own /config says `paused` (it obeys a change within 1 s).
    static bool serverSaysPaused(MainWindow &window, bool paused)
    {
        return QTest::qWaitFor(
            [&] {
                std::optional<Result<ServerConfig>> outcome;
                QObject context;
                window.api()->fetchConfig(
                    &context, [&outcome](const Result<ServerConfig> &r) { outcome = r; });
                QTest::qWaitFor([&] { return outcome.has_value(); }, 10000);
                return outcome && outcome->ok() && (*outcome)->salesPaused == paused;
            },
            10000);
    }

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
    }

    void pausingAllSalesReachesAnotherCounter()
    {
        auto [adminSettings, admin] = openWindow(m_adminDir, m_server);
        auto [counterSettings, counterWindow] = openCounter();
        const Show show = createShow(*admin, QStringLiteral("Paused Hamlet"), 50);
        QVERIFY(show.id > 0);
        Counter counter;
        findCounter(*counterWindow, counter);
        QTabWidget *tabs = nullptr;
        FIND_CHILD(tabs, counterWindow.get(), "mainTabs");
        FlagsView *counterFlags = nullptr;
        FIND_CHILD(counterFlags, counterWindow.get(), "flagsView");
        QVERIFY2(!tabs->isTabVisible(tabs->indexOf(counterFlags)), "no Flags tab without a token");
        QTRY_VERIFY_WITH_TIMEOUT(counterWindow->showsModel()->showById(show.id).has_value(), 20000);
        counter.view->selectShow(show.id);
        QVERIFY(!counter.banner->isVisible());
        QVERIFY(counter.hold->isEnabled());

        admin->showFlags();
        toggleAndConfirm(*admin, "pauseSalesButton");
        QPushButton *pause = nullptr;
        FIND_CHILD(pause, admin.get(), "pauseSalesButton");
        QVERIFY2(pause->text().contains(QStringLiteral("SALES PAUSED")), qPrintable(pause->text()));

        // The other counter learns it by itself, without a restart.
        QTRY_VERIFY_WITH_TIMEOUT(counter.banner->isVisible(), kBannerTimeoutMs);
        QVERIFY2(counter.banner->text().contains(
                     QStringLiteral("Sales are paused by the box-office manager.")),
                 qPrintable(counter.banner->text()));
        QVERIFY(!counter.hold->isEnabled());
        QVERIFY2(counter.hold->toolTip().contains(QStringLiteral("paused")),
                 qPrintable(counter.hold->toolTip()));
        // Enter in the form is refused too, and nothing is held.
        QTest::keyClicks(counter.customer, QStringLiteral("Ada"));
        QTest::keyClick(counter.customer, Qt::Key_Return);
        QVERIFY2(counter.message->text().contains(QStringLiteral("paused")),
                 qPrintable(counter.message->text()));
        QCOMPARE(counterWindow->holdsModel()->rowCount(), 0);

        // Resuming lifts it, again without a restart.
        toggleAndConfirm(*admin, "pauseSalesButton");
        QTRY_VERIFY_WITH_TIMEOUT(!counter.banner->isVisible(), kBannerTimeoutMs);
        QVERIFY(counter.hold->isEnabled());
        QTest::keyClick(counter.customer, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(counterWindow->holdsModel()->rowCount(), 1, 20000);
    }

    void pausingOneShowAffectsOnlyThatShow()
    {
        auto [adminSettings, admin] = openWindow(m_adminDir, m_server);
        auto [counterSettings, counterWindow] = openCounter();
        const Show paused = createShow(*admin, QStringLiteral("Paused Carmen"), 50);
        const Show open = createShow(*admin, QStringLiteral("Open Tosca"), 50);
        QVERIFY(paused.id > 0 && open.id > 0);
        Counter counter;
        findCounter(*counterWindow, counter);
        QTRY_VERIFY_WITH_TIMEOUT(counterWindow->showsModel()->showById(open.id).has_value(), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(admin->showsModel()->showById(paused.id).has_value(), 20000);

        // The counter polls /config; while nothing changes, nobody hears of it (no flicker).
        QSignalSpy polled(counterWindow->serverConfig(), &ServerConfigLoader::loaded);
        QSignalSpy changed(counterWindow->serverConfig(), &ServerConfigLoader::configChanged);
        QTRY_VERIFY_WITH_TIMEOUT(polled.count() >= 2, kBannerTimeoutMs);
        QCOMPARE(changed.count(), 0);

        admin->showFlags();
        FlagsView *flags = nullptr;
        FIND_CHILD(flags, admin.get(), "flagsView");
        flags->salesControls()->selectShow(paused.id);
        toggleAndConfirm(*admin, "pauseShowButton");

        counter.view->selectShow(paused.id);
        QTRY_VERIFY_WITH_TIMEOUT(counter.banner->isVisible(), kBannerTimeoutMs);
        QVERIFY2(
            counter.banner->text().contains(QStringLiteral("Sales for Paused Carmen are paused.")),
            qPrintable(counter.banner->text()));
        QVERIFY(!counter.hold->isEnabled());

        // Another show is not affected.
        counter.view->selectShow(open.id);
        QVERIFY(!counter.banner->isVisible());
        QVERIFY(counter.hold->isEnabled());
        QTest::keyClicks(counter.customer, QStringLiteral("Bea"));
        QTest::keyClick(counter.customer, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(counterWindow->holdsModel()->rowCount(), 1, 20000);

        // Resumed: the paused show can be held again.
        toggleAndConfirm(*admin, "pauseShowButton");
        counter.view->selectShow(paused.id);
        QTRY_VERIFY_WITH_TIMEOUT(!counter.banner->isVisible(), kBannerTimeoutMs);
        QVERIFY(counter.hold->isEnabled());
    }

    void holdAtTheMomentOfAPauseGetsTheBannerFromTheAnswer()
    {
        auto [adminSettings, admin] = openWindow(m_adminDir, m_server);
        auto [counterSettings, counterWindow] = openCounter();
        // This counter does not look at /config again by itself during the test: only the
        // sales_paused answer can tell it.
        counterWindow->serverConfig()->setPollInterval(10 * 60 * 1000);
        const Show show = createShow(*admin, QStringLiteral("Sudden pause"), 50);
        QVERIFY(show.id > 0);
        Counter counter;
        findCounter(*counterWindow, counter);
        QTRY_VERIFY_WITH_TIMEOUT(counterWindow->showsModel()->showById(show.id).has_value(), 20000);
        QTRY_COMPARE_WITH_TIMEOUT(counterWindow->monitor()->state(),
                                  ConnectionMonitor::State::Online, 20000);
        counter.view->selectShow(show.id);

        setFlag(*admin, QStringLiteral("sales.paused"), true);
        QVERIFY2(serverSaysPaused(*admin, true), "the server applies the pause");
        QVERIFY(!counter.banner->isVisible()); // the counter does not know yet
        QVERIFY(counter.hold->isEnabled());
        QTest::keyClicks(counter.customer, QStringLiteral("Cy"));
        QTest::keyClick(counter.customer, Qt::Key_Return);

        QTRY_VERIFY_WITH_TIMEOUT(counter.banner->isVisible(), 20000);
        QVERIFY2(counter.message->text() ==
                     QStringLiteral("Sales are paused by the box-office manager."),
                 qPrintable(QStringLiteral("expected the pause sentence, saw: ") +
                            counter.message->text()));
        QVERIFY(!counter.hold->isEnabled());
        QCOMPARE(counterWindow->holdsModel()->rowCount(), 0);
        // A refusal, not a lost server: the status stays online.
        QCOMPARE(counterWindow->monitor()->state(), ConnectionMonitor::State::Online);
        // And it asked /config at once, which agrees.
        QTRY_VERIFY_WITH_TIMEOUT(counterWindow->serverConfig()->config().salesPaused, 20000);

        setFlag(*admin, QStringLiteral("sales.paused"), false);
        QVERIFY(serverSaysPaused(*admin, false));
    }
};

QTEST_MAIN(TestCounterPausedSales)
#include "tst_counterpausedsales.moc"
