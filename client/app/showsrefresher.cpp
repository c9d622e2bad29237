#include "showsrefresher.h"

#include "apiclient.h"
#include "clientlogging.h"
#include "connectionmonitor.h"
#include "showsmodel.h"

ShowsRefresher::ShowsRefresher(ApiClient *api, ConnectionMonitor *monitor, ShowsModel *model,
                               QObject *parent)
    : QObject(parent), m_api(api), m_monitor(monitor), m_model(model)
{
    m_timer.setInterval(3000);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        if (m_monitor->state() != ConnectionMonitor::State::Offline)
            refreshNow();
    });
    connect(monitor, &ConnectionMonitor::cameOnline, this, &ShowsRefresher::refreshNow);
}

void ShowsRefresher::start()
{
    m_started = true;
    if (m_polling)
        m_timer.start();
    refreshNow();
}

void ShowsRefresher::setPolling(bool polling)
{
    if (polling == m_polling)
        return;
    m_polling = polling;
    if (!m_started)
        return;
    if (polling) {
        m_timer.start();
        // Whatever changed since push went quiet is read now, not in 3 s.
        refreshNow();
    } else {
        m_timer.stop();
    }
}

void ShowsRefresher::refreshNow()
{
    if (m_inFlight) {
        m_again = true;
        return;
    }
    m_inFlight = true;
    m_again = false;
    m_api->fetchShows(this, [this](const Result<QList<Show>> &result) {
        m_inFlight = false;
        if (result) {
            m_model->setShows(*result);
            emit refreshed();
        } else {
            qCDebug(lcApp) << "shows refresh failed:" << result.error().message;
            emit refreshFailed(result.error());
        }
        if (m_again)
            refreshNow();
    });
}
