#pragma once

#include "apitypes.h"

#include <QObject>
#include <QTimer>

class ApiClient;
class ConnectionMonitor;

// Keeps the limits of the server we talk to (GET /config) at hand: fetched
// whenever the server comes (back) online, when asked after the server URL
// changed, and every 2 s while the server is reachable, because an operator may
// pause sales (or change a limit) with a flag at any moment and the counter must
// obey without a restart. /config needs no database, so the poll is cheap;
// configChanged() fires only when something changed, so views do not flicker. A server that has no
// /config (an older one: 404) is taken to apply the defaults; without a usable answer (offline,
// busy) the last known limits stay. Lives in the GUI thread.
class ServerConfigLoader : public QObject
{
    Q_OBJECT
public:
    ServerConfigLoader(ApiClient *api, ConnectionMonitor *monitor, QObject *parent = nullptr);

    const ServerConfig &config() const { return m_config; }
    // How many /config requests were sent so far; request numbers count from 1.
    quint64 requestsSent() const { return m_sent; }
    void setPollInterval(int milliseconds) { m_poll.setInterval(milliseconds); }

public slots:
    void reload();
    // Another server: forget what the last one said, then ask the new one.
    void reloadForNewServer();

signals:
    void configChanged(const ServerConfig &config);
    // An answer (or the lack of one) to request number `request` was taken into
    // account. `fresh`: the server said what it applies now (its /config, or 404 and
    // so the defaults); false: no usable answer (offline, timeout, 503, garbage), the
    // last known limits stay and say nothing new about the present.
    void loaded(bool fresh, quint64 request);

private:
    void apply(const ServerConfig &config);

    ApiClient *m_api;
    ConnectionMonitor *m_monitor;
    QTimer m_poll;
    ServerConfig m_config;
    bool m_inFlight = false;
    bool m_again = false; // asked again while an answer was outstanding
    int m_generation = 0; // answers meant for an earlier server are dropped
    quint64 m_sent = 0;
};
