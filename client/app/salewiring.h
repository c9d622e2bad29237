#pragma once

#include <QObject>
#include <QPointer>

#include <memory>

class ApiClient;
class BookingLookupView;
class QAction;
class QMenuBar;
class QWidget;
class SalePanel;
class SaleWorkflow;
class SalesApi;
class ServerConfigLoader;
class SessionController;
class ShiftCloseDialog;
class ShiftOpenDialog;
class ShiftWorkflow;
class ShowsModel;
class ShowsRefresher;
namespace Api {
struct ShiftReport;
}

// Selling at the counter (issue 18) in the window: makes the Sell panel with
// its SaleWorkflow, the clerk's ShiftWorkflow, the "Shift" menu (Open shift…,
// Close shift…, Shift report…) and "Refund…" at the booking lookup; feeds them
// the server's currency and ticket limit, and asks for the open shift again at
// every login. Kept out of MainWindow, which only makes one and places the
// panel. Lives in the GUI thread.
class SaleWiring : public QObject
{
    Q_OBJECT
public:
    SaleWiring(ApiClient *api, ShowsModel *shows, ShowsRefresher *refresher,
               SessionController *session, ServerConfigLoader *config, BookingLookupView *lookup,
               QWidget *window);
    ~SaleWiring() override;

    SalePanel *panel() const { return m_panel; }
    SaleWorkflow *saleWorkflow() const { return m_sale; }
    ShiftWorkflow *shiftWorkflow() const { return m_shift; }
    void addShiftMenu(QMenuBar *menuBar);

public slots:
    void openShift();
    void closeShift();
    void showReport();

private:
    void followSession();
    void followShift();
    void openReport(const Api::ShiftReport &report);

    std::unique_ptr<SalesApi> m_api;
    ShowsRefresher *m_refresher;
    SessionController *m_session;
    ServerConfigLoader *m_config;
    BookingLookupView *m_lookup;
    QWidget *m_window;
    SaleWorkflow *m_sale;
    ShiftWorkflow *m_shift;
    SalePanel *m_panel;
    QAction *m_openAction;
    QAction *m_closeAction;
    QAction *m_reportAction;
    QPointer<ShiftOpenDialog> m_openDialog;
    QPointer<ShiftCloseDialog> m_closeDialog;
    bool m_reportWanted = false; // Shift report… waits for the list of shifts
};
