#pragma once

#include <QLabel>

class ApiClient;
class ConnectionMonitor;

// The status bar's always-visible answer to "is the server there?": a coloured
// dot, the server, the clock offset, or when it is down why and when the next
// attempt is.
class ConnectionStatusLabel : public QLabel
{
    Q_OBJECT
public:
    ConnectionStatusLabel(ApiClient *api, ConnectionMonitor *monitor, QWidget *parent = nullptr);

public slots:
    void refresh();

private:
    ApiClient *m_api;
    ConnectionMonitor *m_monitor;
};
