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
// Lives in the GUI thread.
class ShowsRefresher : public QObject
{
    Q_OBJECT
public:
    ShowsRefresher(ApiClient *api, ConnectionMonitor *monitor, ShowsModel *model,
                   QObject *parent = nullptr);

    void setInterval(int milliseconds) { m_timer.setInterval(milliseconds); }
    int interval() const { return m_timer.interval(); }

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
    bool m_inFlight = false;
    bool m_again = false;
};
