#include "salewiring.h"

#include "apiclient.h"
#include "bookinglookupview.h"
#include "refunddialog.h"
#include "salepanel.h"
#include "salesapi.h"
#include "saleworkflow.h"
#include "serverconfigloader.h"
#include "sessioncontroller.h"
#include "shiftclosedialog.h"
#include "shiftopendialog.h"
#include "shiftreportdialog.h"
#include "shiftworkflow.h"
#include "showsrefresher.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>

SaleWiring::SaleWiring(ApiClient *api, ShowsModel *shows, ShowsRefresher *refresher,
                       SessionController *session, ServerConfigLoader *config,
                       BookingLookupView *lookup, QWidget *window)
    : QObject(window), m_api(std::make_unique<SalesApi>(api)), m_refresher(refresher),
      m_session(session), m_config(config), m_lookup(lookup), m_window(window),
      m_sale(new SaleWorkflow(m_api.get(), this)), m_shift(new ShiftWorkflow(m_api.get(), this)),
      m_panel(new SalePanel(m_sale, shows, window)),
      m_openAction(new QAction(tr("&Open shift…"), this)),
      m_closeAction(new QAction(tr("&Close shift…"), this)),
      m_reportAction(new QAction(tr("Shift &report…"), this))
{
    m_openAction->setObjectName(QStringLiteral("openShiftAction"));
    m_closeAction->setObjectName(QStringLiteral("closeShiftAction"));
    m_reportAction->setObjectName(QStringLiteral("shiftReportAction"));
    connect(m_openAction, &QAction::triggered, this, &SaleWiring::openShift);
    connect(m_closeAction, &QAction::triggered, this, &SaleWiring::closeShift);
    connect(m_reportAction, &QAction::triggered, this, &SaleWiring::showReport);

    const auto applyConfig = [this](const ServerConfig &config) {
        m_sale->setCurrency(config.currency);
        m_sale->setMaxTickets(config.maxSeatsPerBooking);
        m_shift->setCurrency(config.currency);
    };
    applyConfig(config->config());
    connect(config, &ServerConfigLoader::configChanged, this, applyConfig);

    connect(m_panel, &SalePanel::openShiftRequested, this, &SaleWiring::openShift);
    connect(m_panel, &SalePanel::bookingsChanged, refresher, &ShowsRefresher::refreshNow);
    connect(m_shift, &ShiftWorkflow::currentChanged, this, &SaleWiring::followShift);
    connect(m_shift, &ShiftWorkflow::reportReady, this, &SaleWiring::openReport);
    connect(m_shift, &ShiftWorkflow::shiftsReady, this, [this](const QList<Api::Shift> &shifts) {
        if (!m_reportWanted)
            return;
        m_reportWanted = false;
        if (!shifts.isEmpty()) // newest first
            m_shift->fetchReport(shifts.first().id);
    });
    connect(session, &SessionController::roleChanged, this, &SaleWiring::followSession);

    connect(lookup, &BookingLookupView::refundRequested, this, [this](const Booking &booking) {
        auto *dialog = new RefundDialog(m_api.get(), booking.id, m_window);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &RefundDialog::refunded, m_refresher, &ShowsRefresher::refreshNow);
        // The lookup panel shows the booking as it is after the refund.
        connect(dialog, &RefundDialog::refunded, m_lookup, &BookingLookupView::find);
        dialog->open();
    });
    followSession();
}

SaleWiring::~SaleWiring() = default;

void SaleWiring::addShiftMenu(QMenuBar *menuBar)
{
    QMenu *menu = menuBar->addMenu(tr("Shi&ft"));
    menu->addAction(m_openAction);
    menu->addAction(m_closeAction);
    menu->addSeparator();
    menu->addAction(m_reportAction);
}

void SaleWiring::followSession()
{
    // Another person (or none) at the till: their shift, not the last one's.
    m_shift->forget();
    if (m_session->role() != SessionController::Role::None)
        m_shift->refresh();
    followShift();
}

void SaleWiring::followShift()
{
    const bool open = m_shift->isOpen();
    m_openAction->setEnabled(!open);
    m_closeAction->setEnabled(open);
    // Only the bootstrap admin has to say on which shift it sells.
    const bool bootstrap = m_session->identity().kind == QLatin1String("bootstrap");
    m_sale->setShiftId(bootstrap && open ? std::optional<qint64>(m_shift->current()->id)
                                         : std::nullopt);
}

void SaleWiring::openShift()
{
    if (m_openDialog) {
        m_openDialog->raise();
        return;
    }
    m_openDialog = new ShiftOpenDialog(m_shift, m_config->config().currency, m_window);
    m_openDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_openDialog, &QDialog::accepted, m_panel, &SalePanel::focusCategories);
    m_openDialog->open();
}

void SaleWiring::closeShift()
{
    if (m_closeDialog) {
        m_closeDialog->raise();
        return;
    }
    m_closeDialog = new ShiftCloseDialog(m_shift, m_config->config().currency, m_window);
    m_closeDialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(m_closeDialog, &ShiftCloseDialog::reportRequested, this, &SaleWiring::openReport);
    m_closeDialog->open();
}

void SaleWiring::showReport()
{
    // The open shift's report, else the newest closed one's.
    if (const auto shift = m_shift->current()) {
        m_shift->fetchReport(shift->id);
        return;
    }
    m_reportWanted = true;
    m_shift->fetchShifts();
}

void SaleWiring::openReport(const Api::ShiftReport &report)
{
    auto *dialog = new ShiftReportDialog(report, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}
