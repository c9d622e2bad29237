#include "serverconfigloader.h"

#include "apiclient.h"
#include "apierror.h"
#include "clientlogging.h"
#include "connectionmonitor.h"

ServerConfigLoader::ServerConfigLoader(ApiClient *api, ConnectionMonitor *monitor, QObject *parent)
    : QObject(parent), m_api(api), m_monitor(monitor)
{
    // Also after a reconnect: the server may have been restarted with other limits.
    connect(monitor, &ConnectionMonitor::cameOnline, this, &ServerConfigLoader::reload);
    m_poll.setInterval(2000);
    connect(&m_poll, &QTimer::timeout, this, [this] {
        if (m_monitor->isReachable())
            reload();
    });
    m_poll.start();
}

void ServerConfigLoader::reload()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    m_inFlight = true;
    m_again = false;
    const int generation = m_generation;
    const quint64 request = ++m_sent;
    m_api->fetchConfig(this, [this, generation, request](const Result<ServerConfig> &result) {
        m_inFlight = false;
        if (m_again)
            QTimer::singleShot(0, this, &ServerConfigLoader::reload);
        if (generation != m_generation)
            return;
        bool fresh = true;
        if (result) {
            apply(*result);
        } else if (const int status = ApiError::httpStatus(result.error());
                   status == 404 || status == 405) {
            qCInfo(lcApp) << "server has no usable /config, using the default limits:"
                          << result.error().message;
            apply(ServerConfig());
        } else {
            qCDebug(lcApp) << "no /config answer, keeping the last limits:"
                           << result.error().message;
            fresh = false;
        }
        emit loaded(fresh, request);
    });
}

void ServerConfigLoader::reloadForNewServer()
{
    ++m_generation;
    apply(ServerConfig());
    reload();
}

void ServerConfigLoader::apply(const ServerConfig &config)
{
    if (config == m_config)
        return;
    m_config = config;
    qCInfo(lcApp) << "server limits: at most" << config.maxSeatsPerBooking
                  << "seats per booking, holds of" << config.holdSeconds
                  << "s; sales paused:" << config.salesPaused
                  << "shows paused:" << config.pausedShowIds;
    emit configChanged(m_config);
}
