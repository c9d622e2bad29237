#pragma once

#include "apitypes.h"

#include <QObject>

class ApiClient;
class ConnectionMonitor;

// Keeps the limits of the server we talk to (GET /config) at hand: fetched
// whenever the server comes (back) online and when asked after the server URL
// changed. A server that has no /config (an older one: 404) is taken to apply
// the defaults; without a usable answer (offline, busy) the last known limits
// stay. Lives in the GUI thread.
class ServerConfigLoader : public QObject
{
    Q_OBJECT
public:
    ServerConfigLoader(ApiClient *api, ConnectionMonitor *monitor, QObject *parent = nullptr);

    const ServerConfig &config() const { return m_config; }

public slots:
    void reload();
    // Another server: forget what the last one said, then ask the new one.
    void reloadForNewServer();

signals:
    void configChanged(const ServerConfig &config);
    // An answer (or the lack of one) was taken into account.
    void loaded();

private:
    void apply(const ServerConfig &config);

    ApiClient *m_api;
    ServerConfig m_config;
    int m_generation = 0; // answers meant for an earlier server are dropped
};
