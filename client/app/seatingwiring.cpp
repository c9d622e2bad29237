#include "seatingwiring.h"

#include "counterview.h"
#include "holdworkflow.h"
#include "planeditordialog.h"
#include "pushfeed.h"
#include "seatingworkflow.h"
#include "serverconfigloader.h"
#include "sessioncontroller.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

SeatingWiring::SeatingWiring(ApiClient *api, PushFeed *feed, HoldWorkflow *counterWorkflow,
                             CounterView *counter, SessionController *session,
                             ServerConfigLoader *config, QWidget *window)
    : QObject(window), m_api(api), m_feed(feed), m_holds(counterWorkflow), m_counter(counter),
      m_config(config), m_window(window), m_session(session),
      m_planEditorAction(new QAction(tr("Seating &plans…"), this))
{
    m_planEditorAction->setObjectName(QStringLiteral("seatingPlansAction"));
    connect(m_planEditorAction, &QAction::triggered, this, &SeatingWiring::openPlanEditor);
    connect(counter, &CounterView::chooseSeatsRequested, this,
            [this](const Show &show, const QString &customer) {
                open(show, customer, SeatPickerDialog::Mode::Sell);
            });
    connect(counter, &CounterView::blockSeatsRequested, this,
            [this](const Show &show) { open(show, {}, SeatPickerDialog::Mode::Block); });
    connect(session, &SessionController::roleChanged, this, &SeatingWiring::followRole);
    followRole();
}

void SeatingWiring::followRole()
{
    // The server refuses a clerk's PATCH and plans anyway; this only keeps the screen honest.
    const bool admin = m_session->effectiveRole() == SessionController::Role::Admin;
    m_counter->setSeatBlockingAllowed(admin);
    m_planEditorAction->setVisible(admin);
    if (m_adminMenu)
        m_adminMenu->menuAction()->setVisible(admin);
    if (!admin && m_planEditor)
        m_planEditor->close();
}

void SeatingWiring::addAdminMenu(QMenuBar *menuBar)
{
    m_adminMenu = menuBar->addMenu(tr("&Admin"));
    m_adminMenu->addAction(m_planEditorAction);
    followRole();
}

void SeatingWiring::openPlanEditor()
{
    if (!m_planEditor) {
        m_planEditor = new PlanEditorDialog(m_api, m_window);
        m_planEditor->setAttribute(Qt::WA_DeleteOnClose);
    }
    m_planEditor->show();
    m_planEditor->raise();
    m_planEditor->activateWindow();
}

void SeatingWiring::open(const Show &show, const QString &customer, SeatPickerDialog::Mode mode)
{
    if (m_picker) {
        m_picker->raise();
        m_picker->activateWindow();
        return;
    }
    auto *workflow = new SeatingWorkflow(m_api, m_holds);
    workflow->setMaxSeatsPerHold(m_config->config().maxSeatsPerBooking);
    workflow->setLive(m_feed->isLive());
    workflow->setShow(show);
    connect(m_feed, &PushFeed::seatsChanged, workflow, &SeatingWorkflow::applyPushedSeats);
    connect(m_feed, &PushFeed::liveChanged, workflow, &SeatingWorkflow::setLive);
    connect(m_feed, &PushFeed::resyncRequested, workflow, &SeatingWorkflow::reload);
    connect(m_config, &ServerConfigLoader::configChanged, workflow,
            [workflow](const ServerConfig &config) {
                workflow->setMaxSeatsPerHold(config.maxSeatsPerBooking);
            });
    m_picker = new SeatPickerDialog(workflow, mode, customer, m_window);
    // Back at the counter, where the hold now waits with its countdown.
    connect(m_picker, &QDialog::finished, m_counter,
            [counter = m_counter] { counter->focusCustomer(); });
    m_picker->open();
}
