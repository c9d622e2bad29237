#include "mainwindow.h"

#include "apiclient.h"
#include "appsettings.h"
#include "auditpage.h"
#include "bookinglookupview.h"
#include "clientlogging.h"
#include "connectionmonitor.h"
#include "connectionstatuslabel.h"
#include "counterview.h"
#include "flagsview.h"
#include "holdsmodel.h"
#include "holdworkflow.h"
#include "livepushrouter.h"
#include "pushfeed.h"
#include "pushstatuslabel.h"
#include "salepanel.h"
#include "salewiring.h"
#include "seatingwiring.h"
#include "serverclock.h"
#include "serverconfigloader.h"
#include "showsmodel.h"
#include "showsrefresher.h"
#include "showsview.h"
#include "staffapi.h"
#include "tokenspage.h"
#include "tokenstore.h"
#include "userspage.h"

#include <QApplication>
#include <QCloseEvent>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>

MainWindow::MainWindow(AppSettings *settings, QWidget *parent)
    : QMainWindow(parent), m_settings(settings),
      // A portable install keeps its token next to its settings; a user's goes to the keyring.
      m_tokens(std::make_unique<TokenStore>(settings->tokenDirectory().isEmpty()
                                                ? TokenStore::Backend::Auto
                                                : TokenStore::Backend::FileOnly,
                                            settings->tokenDirectory())),
      m_api(new ApiClient(this)), m_monitor(new ConnectionMonitor(m_api, this)),
      m_shows(new ShowsModel(this)), m_holds(new HoldsModel(this)),
      m_refresher(new ShowsRefresher(m_api, m_monitor, m_shows, this)),
      m_config(new ServerConfigLoader(m_api, m_monitor, this)),
      // One workflow per view: each tells its own view what came of its actions;
      // the holds both act on are the shared HoldsModel.
      m_counterWorkflow(new HoldWorkflow(m_api, m_holds, this)),
      m_lookupWorkflow(new HoldWorkflow(m_api, m_holds, this)),
      m_session(new SessionController(m_api, settings, m_tokens.get(), this)),
      m_push(new PushFeed(m_api, this)),
      m_livePush(new LivePushRouter(m_push, m_api, m_shows, m_holds, m_refresher, m_config, this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Box Office"));

    m_holds->setClock([clock = m_api->clock()] { return clock->nowMs(); });

    m_counter = new CounterView(m_counterWorkflow, m_shows, m_holds, this);
    m_lookup = new BookingLookupView(m_api, m_lookupWorkflow, m_shows, this);
    m_counterSplitter = new QSplitter(Qt::Horizontal, this);
    m_counterSplitter->setObjectName(QStringLiteral("counterSplitter"));
    m_counterSplitter->addWidget(m_counter);
    m_counterSplitter->addWidget(m_lookup);
    m_counterSplitter->setStretchFactor(0, 3);
    m_counterSplitter->setStretchFactor(1, 1);
    m_counterSplitter->setSizes({900, 360});

    m_showsView = new ShowsView(m_api, m_shows, this);
    m_flagsView = new FlagsView(m_api, m_shows, this);
    m_usersPage = new UsersPage(m_session->staffApi(), this);
    m_tokensPage = new TokensPage(m_session->staffApi(), this);
    m_auditPage = new AuditPage(*m_api, this);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_counterSplitter, tr("&Counter"));
    m_tabs->addTab(m_showsView, tr("Sho&ws"));
    m_tabs->addTab(m_flagsView, tr("F&lags"));
    m_tabs->addTab(m_usersPage, tr("&Users"));
    m_tabs->addTab(m_tokensPage, tr("API &tokens"));
    m_tabs->addTab(m_auditPage, tr("&Audit"));
    // Selling at the counter (issue 18): the till, the Shift menu, Refund… at the lookup.
    m_sales = new SaleWiring(m_api, m_shows, m_refresher, m_session, m_config, m_lookup, this);
    m_tabs->addTab(m_sales->panel(), tr("Sell"));
    setCentralWidget(m_tabs);

    m_status = new ConnectionStatusLabel(m_api, m_monitor, this);
    statusBar()->addPermanentWidget(m_status, 1);
    m_pushStatus = new PushStatusLabel(m_push, m_refresher, this);
    statusBar()->addPermanentWidget(m_pushStatus);
    m_who = new QLabel(this);
    m_who->setObjectName(QStringLiteral("sessionLabel"));
    statusBar()->addPermanentWidget(m_who);

    // Reserved seating: the seat picker behind the counter's "Choose seats…",
    // and the admin's plan editor.
    m_seating = new SeatingWiring(m_api, m_push, m_counterWorkflow, m_counter, m_session, m_config, this);
    connect(m_counter, &CounterView::bookingsChanged, m_refresher, &ShowsRefresher::refreshNow);
    connect(m_lookupWorkflow, &HoldWorkflow::bookingsChanged, m_refresher,
            &ShowsRefresher::refreshNow);
    // The pause itself is taken from `loaded` below, not here: configChanged also fires for a
    // stale answer, and a change is not needed to end a pause learnt from a refusal.
    connect(m_config, &ServerConfigLoader::configChanged, m_counter,
            [this](const ServerConfig &config) {
                m_counter->setMaxSeatsPerHold(config.maxSeatsPerBooking);
                m_flagsView->setConfig(config);
            });
    // A refusal says a pause is on now; /config says whether it still is, and for what.
    // Taken on every fresh answer, not only on a change: a pause the counter learnt from a
    // refusal must end even if /config, asked right after, already says "resumed". Not
    // taken from a failed /config (the last known limits may be older than the refusal),
    // nor from an answer to a request sent before the refusal came (it may say "not
    // paused" only because the server answered it before the pause).
    connect(m_counter, &CounterView::salesPauseSeen, m_config, [this] {
        m_configBeforeRefusal = m_config->requestsSent();
        m_config->reload();
    });
    connect(m_config, &ServerConfigLoader::loaded, m_counter, [this](bool fresh, quint64 request) {
        if (!fresh || request <= m_configBeforeRefusal)
            return;
        const ServerConfig &config = m_config->config();
        m_counter->setSalesPause({config.salesPaused, config.pausedShowIds});
    });
    connect(m_flagsView, &FlagsView::flagsChanged, m_config, &ServerConfigLoader::reload);
    connect(m_showsView, &ShowsView::showsChanged, m_refresher, &ShowsRefresher::refreshNow);
    connect(m_holds, &HoldsModel::holdExpired, this, [this] {
        if (m_push->isLive())
            return; // the server's release arrives as an event
        m_refresher->refreshNow();
        // The server releases expired holds on its own schedule; look again shortly.
        QTimer::singleShot(1500, m_refresher, &ShowsRefresher::refreshNow);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 0)
            m_counter->focusCustomer();
        // Admin pages load when looked at: a clerk's window never asks for them.
        if (m_tabs->widget(tab) == m_usersPage)
            m_usersPage->reload();
        else if (m_tabs->widget(tab) == m_tokensPage)
            m_tokensPage->reload();
        if (m_tabs->widget(tab) != m_tokensPage)
            m_tokensPage->hideSecret();
    });
    connect(m_session, &SessionController::roleChanged, this, &MainWindow::applyRole);
    connect(m_session, &SessionController::loginAccepted, this, &MainWindow::setConnection);

    buildMenus();
    // A token an older client left in the settings moves to the token store.
    QByteArray token = settings->takeLegacyToken();
    if (token.isEmpty())
        token = m_tokens->load();
    applyConnection(settings->serverUrl(), token);
    restoreLayout();
    m_monitor->start();
    m_refresher->start();
    m_push->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connection = file->addAction(tr("&Log in…"), this, &MainWindow::editConnection);
    connection->setObjectName(QStringLiteral("loginAction"));
    connection->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    m_logout = file->addAction(tr("Log &out"), m_session, &SessionController::logout);
    m_logout->setObjectName(QStringLiteral("logoutAction"));
    QAction *refresh = file->addAction(tr("&Refresh now"), this, [this] {
        m_monitor->checkNow();
        m_refresher->refreshNow();
    });
    refresh->setShortcut(QKeySequence::Refresh);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu *go = menuBar()->addMenu(tr("&Go"));
    go->addAction(tr("&Counter"), QKeySequence(Qt::CTRL | Qt::Key_1), this,
                  &MainWindow::showCounter);
    go->addAction(tr("&Shows"), QKeySequence(Qt::CTRL | Qt::Key_2), this, &MainWindow::showShows);
    go->addAction(tr("F&lags"), QKeySequence(Qt::CTRL | Qt::Key_3), this, &MainWindow::showFlags);
    go->addAction(tr("&Users"), QKeySequence(Qt::CTRL | Qt::Key_4), this, &MainWindow::showUsers);
    go->addAction(tr("API &tokens"), QKeySequence(Qt::CTRL | Qt::Key_5), this,
                  &MainWindow::showTokens);
    go->addAction(tr("&Find booking"), QKeySequence::Find, this, [this] {
        if (m_tabs->currentWidget() == m_showsView) {
            m_showsView->focusFilter();
        } else {
            m_lookup->focusReference();
        }
    });

    go->addAction(tr("S&ell"), QKeySequence(Qt::CTRL | Qt::Key_6), this, &MainWindow::showSell);
    m_sales->addShiftMenu(menuBar());
    m_seating->addAdminMenu(menuBar());

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this,
                    &MainWindow::showShortcuts);
}

void MainWindow::setConnection(const QUrl &serverUrl, const QByteArray &token)
{
    m_settings->setServerUrl(serverUrl);
    m_settings->sync();
    const bool newServer = serverUrl != m_api->baseUrl();
    applyConnection(serverUrl, token);
    m_monitor->checkNow();
    m_refresher->refreshNow();
    if (newServer) {
        // What the last server paused says nothing about this one; its /config will tell.
        m_counter->setSalesPause({});
        m_shows->forgetVersions();
        m_config->reloadForNewServer();
    } else
        m_config->reload();
}

void MainWindow::applyConnection(const QUrl &serverUrl, const QByteArray &token)
{
    m_api->setBaseUrl(serverUrl);
    m_session->useToken(token); // stores it, asks the server whose it is, then applyRole()
    applyRole();
    m_status->refresh();
}

void MainWindow::applyRole()
{
    // The admin pages are not even shown to clerks, shops and the anonymous counter;
    // the server refuses their calls anyway, this only keeps the screen honest.
    const bool admin = m_session->effectiveRole() == SessionController::Role::Admin;
    m_showsView->setAdminEnabled(admin);
    m_flagsView->setAdminEnabled(admin);
    for (QWidget *page : {static_cast<QWidget *>(m_showsView), static_cast<QWidget *>(m_flagsView),
                          static_cast<QWidget *>(m_usersPage), static_cast<QWidget *>(m_tokensPage),
                          static_cast<QWidget *>(m_auditPage)})
        m_tabs->setTabVisible(m_tabs->indexOf(page), admin);
    if (!admin)
        m_tokensPage->hideSecret();
    m_logout->setEnabled(m_api->hasToken());
    const StaffIdentity &who = m_session->identity();
    m_who->setText(!who.role.isEmpty() ? tr("Logged in: %1").arg(who.displayName())
                   : m_api->hasToken() ? tr("Logged in (checking…)")
                                       : tr("Not logged in"));
}

bool MainWindow::showTabIfVisible(QWidget *page)
{
    if (!m_tabs->isTabVisible(m_tabs->indexOf(page)))
        return false;
    m_tabs->setCurrentWidget(page);
    return true;
}

void MainWindow::showCounter()
{
    m_tabs->setCurrentIndex(0);
    m_counter->focusCustomer(Qt::ShortcutFocusReason);
}

void MainWindow::showShows()
{
    if (showTabIfVisible(m_showsView))
        m_showsView->focusTable();
}

void MainWindow::showFlags()
{
    showTabIfVisible(m_flagsView);
}

void MainWindow::showUsers()
{
    showTabIfVisible(m_usersPage);
}

void MainWindow::showTokens()
{
    showTabIfVisible(m_tokensPage);
}

void MainWindow::showSell()
{
    m_tabs->setCurrentWidget(m_sales->panel());
    m_sales->panel()->focusCategories();
}

void MainWindow::editConnection()
{
    m_session->showLogin();
}

void MainWindow::showShortcuts()
{
    auto *box = new QMessageBox(
        QMessageBox::Information, tr("Keyboard shortcuts"),
        tr("<table cellpadding=3>"
           "<tr><td><b>Enter</b></td><td>Hold seats (customer or seats field)</td></tr>"
           "<tr><td><b>Ctrl+Enter</b>, <b>F8</b></td><td>Confirm the selected or newest "
           "hold</td></tr>"
           "<tr><td><b>F9</b></td><td>Cancel the selected or newest hold</td></tr>"
           "<tr><td><b>Esc</b></td><td>Clear the counter form</td></tr>"
           "<tr><td><b>Ctrl+F</b></td><td>Find booking by reference / filter shows</td></tr>"
           "<tr><td><b>Ctrl+1</b> … <b>Ctrl+5</b></td><td>Counter; Shows, Flags, Users, API "
           "tokens (admin)</td></tr>"
           "<tr><td><b>Ctrl+N</b></td><td>New show (admin)</td></tr>"
           "<tr><td><b>F2</b>, <b>Delete</b>, <b>Ctrl+B</b></td><td>Edit, cancel, list bookings of "
           "the selected show (admin)</td></tr>"
           "<tr><td><b>F5</b></td><td>Refresh now</td></tr>"
           "<tr><td><b>Ctrl+,</b></td><td>Log in (server, user or API token)</td></tr>"
           "<tr><td><b>Ctrl+6</b></td><td>Sell: digits set a category's count, ↑↓ move, "
           "<b>+</b> <b>−</b> change it, Enter goes to the cash tendered, Enter sells</td></tr>"
           "<tr><th colspan=2 align=left>Seat map (seated shows)</th></tr>"
           "<tr><td><b>0</b>…<b>9</b>, <b>Enter</b></td><td>Type a count and press Enter for the "
           "best available; Enter alone holds the picked seats</td></tr>"
           "<tr><td>Arrow keys, <b>Space</b></td><td>Move between seats; add or drop the "
           "seat</td></tr>"
           "<tr><td><b>Ctrl++</b>, <b>Ctrl+-</b>, <b>Ctrl+0</b></td><td>Zoom in, out, fit the "
           "plan</td></tr>"
           "</table>"),
        QMessageBox::Close, this);
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->open();
}

void MainWindow::restoreLayout()
{
    if (!restoreGeometry(m_settings->windowGeometry())) {
        // Fits a 1366×768 counter screen with room for the taskbar.
        const QSize available = screen() ? screen()->availableSize() : QSize(1366, 768);
        resize(std::min(1280, available.width()), std::min(720, available.height()));
    }
    restoreState(m_settings->windowState());
    m_counterSplitter->restoreState(m_settings->counterSplitterState());
    m_tabs->setCurrentIndex(std::clamp(m_settings->currentTab(), 0, m_tabs->count() - 1));
    if (m_tabs->currentIndex() == 0)
        m_counter->focusCustomer();
}

void MainWindow::saveLayout()
{
    m_settings->saveWindow(saveGeometry(), saveState(), m_counterSplitter->saveState(),
                           m_tabs->currentIndex());
    m_settings->sync();
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveLayout();
    event->accept();
}
