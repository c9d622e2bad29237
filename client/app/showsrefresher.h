#pragma once

#include "result.h"

#include <QObject>
#include <QTimer>

class ApiClient;
class ConnectionMonitor;
class ShowsModel;

// Keeps ShowsModel current: fetches GET /shows every few seconds and whenever
// asked (after a hold, a confirmation, an expiry…). Never more than one fetch
// in flight; a request made meanwhile runs right after. While the server is
// offline it waits for ConnectionMonitor instead of piling up failures.
// While live push is on (setPolling(false)) the periodic fetch stops: events
// keep the model current, and only asked-for fetches run. Lives in the GUI
// thread.
class ShowsRefresher : public QObject
{
    Q_OBJECT
public:
    ShowsRefresher(ApiClient *api, ConnectionMonitor *monitor, ShowsModel *model,
                   QObject *parent = nullptr);

    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int interval() const { return m_timer.interval(); }
    // Whether the periodic fetch runs (after start()); off while live push is.
    void setPolling(bool polling);
    bool isPolling() const { return m_timer.isActive(); }

public slots:
    void start();
    void refreshNow();

signals:
    void refreshed();
    void refreshFailed(const DomainError &error);

private:
    ApiClient *m_api;
    ConnectionMonitor *m_monitor;
    ShowsModel *m_model;
    QTimer m_timer;
    bool m_started = false;
    bool m_polling = true;
    bool m_inFlight = false;
    bool m_again = false;
};
