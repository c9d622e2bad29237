#pragma once

#include "seatpickerdialog.h"
#include "show.h"

#include <QObject>
#include <QPointer>

class ApiClient;
class CounterView;
class HoldWorkflow;
class PushFeed;
class ServerConfigLoader;
class SessionController;
class PlanEditorDialog;
class QAction;
class QMenu;
class QMenuBar;
class QWidget;

// Reserved seating in the window: opens the seat picker when the counter asks
// ("Choose seats…", "Block seats…" for a seated show), with a SeatingWorkflow
// that holds through the counter's HoldWorkflow; feeds the open picker the
// push feed's seat changes, its live state and resyncs, and the server's seat
// limit; shows "Block seats…" to admins only; opens the admin's seating-plan
// editor (PlanEditorDialog) from an "Admin" menu shown to admins only. Kept out of MainWindow, which
// only makes one. Lives in the GUI thread.
class SeatingWiring : public QObject
{
    Q_OBJECT
public:
    SeatingWiring(ApiClient *api, PushFeed *feed, HoldWorkflow *counterWorkflow,
                  CounterView *counter, SessionController *session, ServerConfigLoader *config,
                  QWidget *window);

    // Adds the "Admin" menu with "Seating plans…" to `menuBar`.
    void addAdminMenu(QMenuBar *menuBar);
    QAction *planEditorAction() const { return m_planEditorAction; }

private:
    void followRole();
    void openPlanEditor();
    void open(const Show &show, const QString &customer, SeatPickerDialog::Mode mode);

    ApiClient *m_api;
    PushFeed *m_feed;
    HoldWorkflow *m_holds;
    CounterView *m_counter;
    ServerConfigLoader *m_config;
    QWidget *m_window;
    QPointer<SeatPickerDialog> m_picker; // one at a time: it is modal to the window
    SessionController *m_session;
    QAction *m_planEditorAction;
    QMenu *m_adminMenu = nullptr;
    QPointer<PlanEditorDialog> m_planEditor; // one at a time, not modal
};
