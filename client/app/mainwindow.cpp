#include "mainwindow.h"

#include "apiclient.h"
#include "appsettings.h"
#include "bookinglookupview.h"
#include "clientlogging.h"
#include "connectiondialog.h"
#include "connectionmonitor.h"
#include "connectionstatuslabel.h"
#include "counterview.h"
#include "flagsview.h"
#include "holdsmodel.h"
#include "holdworkflow.h"
#include "serverclock.h"
#include "serverconfigloader.h"
#include "showsmodel.h"
#include "showsrefresher.h"
#include "showsview.h"

#include <QApplication>
#include <QCloseEvent>
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
    : QMainWindow(parent), m_settings(settings), m_api(new ApiClient(this)),
      m_monitor(new ConnectionMonitor(m_api, this)), m_shows(new ShowsModel(this)),
      m_holds(new HoldsModel(this)),
      m_refresher(new ShowsRefresher(m_api, m_monitor, m_shows, this)),
      m_config(new ServerConfigLoader(m_api, m_monitor, this)),
      // One workflow per view: each tells its own view what came of its actions;
      // the holds both act on are the shared HoldsModel.
      m_counterWorkflow(new HoldWorkflow(m_api, m_holds, this)),
      m_lookupWorkflow(new HoldWorkflow(m_api, m_holds, this))
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

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("mainTabs"));
    m_tabs->addTab(m_counterSplitter, tr("&Counter"));
    m_tabs->addTab(m_showsView, tr("Sho&ws"));
    m_tabs->addTab(m_flagsView, tr("F&lags"));
    setCentralWidget(m_tabs);

    m_status = new ConnectionStatusLabel(m_api, m_monitor, this);
    statusBar()->addPermanentWidget(m_status, 1);

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
        m_refresher->refreshNow();
        // The server releases expired holds on its own schedule; look again shortly.
        QTimer::singleShot(1500, m_refresher, &ShowsRefresher::refreshNow);
    });
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int tab) {
        if (tab == 0)
            m_counter->focusCustomer();
    });

    buildMenus();
    restoreLayout();
    applyConnection(settings->serverUrl(), settings->token());
    m_monitor->start();
    m_refresher->start();
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *connection = file->addAction(tr("&Connection…"), this, &MainWindow::editConnection);
    connection->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
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
    go->addAction(tr("&Find booking"), QKeySequence::Find, this, [this] {
        if (m_tabs->currentWidget() == m_showsView) {
            m_showsView->focusFilter();
        } else {
            m_lookup->focusReference();
        }
    });

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Keyboard shortcuts"), QKeySequence::HelpContents, this,
                    &MainWindow::showShortcuts);
}

void MainWindow::setConnection(const QUrl &serverUrl, const QByteArray &token)
{
    m_settings->setServerUrl(serverUrl);
    m_settings->setToken(token);
    m_settings->sync();
    const bool newServer = serverUrl != m_api->baseUrl();
    applyConnection(serverUrl, token);
    m_monitor->checkNow();
    m_refresher->refreshNow();
    if (newServer) {
        // What the last server paused says nothing about this one; its /config will tell.
        m_counter->setSalesPause({});
        m_config->reloadForNewServer();
    } else
        m_config->reload();
}

void MainWindow::applyConnection(const QUrl &serverUrl, const QByteArray &token)
{
    m_api->setBaseUrl(serverUrl);
    m_api->setToken(token);
    m_showsView->setAdminEnabled(!token.isEmpty());
    // The Flags page is admin work only: without a token it is not even shown.
    m_flagsView->setAdminEnabled(!token.isEmpty());
    m_tabs->setTabVisible(m_tabs->indexOf(m_flagsView), !token.isEmpty());
    m_status->refresh();
}

void MainWindow::showCounter()
{
    m_tabs->setCurrentIndex(0);
    m_counter->focusCustomer(Qt::ShortcutFocusReason);
}

void MainWindow::showShows()
{
    m_tabs->setCurrentWidget(m_showsView);
    m_showsView->focusTable();
}

void MainWindow::showFlags()
{
    if (!m_tabs->isTabVisible(m_tabs->indexOf(m_flagsView)))
        return;
    m_tabs->setCurrentWidget(m_flagsView);
}

void MainWindow::editConnection()
{
    auto *dialog = new ConnectionDialog(m_api->baseUrl(), m_settings->token(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { setConnection(dialog->serverUrl(), dialog->token()); });
    dialog->open();
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
           "<tr><td><b>Ctrl+1</b>, <b>Ctrl+2</b>, <b>Ctrl+3</b></td><td>Counter, Shows, Flags "
           "(admin)</td></tr>"
           "<tr><td><b>Ctrl+N</b></td><td>New show (admin)</td></tr>"
           "<tr><td><b>F2</b>, <b>Delete</b>, <b>Ctrl+B</b></td><td>Edit, cancel, list bookings of "
           "the selected show (admin)</td></tr>"
           "<tr><td><b>F5</b></td><td>Refresh now</td></tr>"
           "<tr><td><b>Ctrl+,</b></td><td>Connection settings</td></tr>"
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
