#include "connectionstatuslabel.h"

#include "apiclient.h"
#include "connectionmonitor.h"
#include "serverclock.h"

ConnectionStatusLabel::ConnectionStatusLabel(ApiClient *api, ConnectionMonitor *monitor,
                                             QWidget *parent)
    : QLabel(parent), m_api(api), m_monitor(monitor)
{
    setObjectName(QStringLiteral("connectionStatus"));
    setTextFormat(Qt::RichText);
    connect(monitor, &ConnectionMonitor::stateChanged, this, &ConnectionStatusLabel::refresh);
    connect(monitor, &ConnectionMonitor::retryCountdownChanged, this,
            &ConnectionStatusLabel::refresh);
    connect(api->clock(), &ServerClock::offsetChanged, this, &ConnectionStatusLabel::refresh);
    refresh();
}

void ConnectionStatusLabel::refresh()
{
    const QString server = m_api->baseUrl().toDisplayString().toHtmlEscaped();
    const auto dot = [](const char *color) {
        return QStringLiteral("<span style='color:%1'>●</span> ").arg(QLatin1String(color));
    };
    QString text;
    QString plain;
    switch (m_monitor->state()) {
    case ConnectionMonitor::State::Unknown:
        plain = tr("Connecting to %1…").arg(server);
        text = dot("#999999") + plain;
        break;
    case ConnectionMonitor::State::Online: {
        const ServerClock *clock = m_api->clock();
        plain = tr("Online · %1").arg(server);
        if (clock->hasEstimate()) {
            plain += tr(" · clock offset %1%2 s (±%3 s)")
                         .arg(clock->offsetMs() >= 0 ? QStringLiteral("+") : QString())
                         .arg(clock->offsetMs() / 1000.0, 0, 'f', 2)
                         .arg(clock->uncertaintyMs() / 1000.0, 0, 'f', 2);
        }
        text = dot("#2e9d2e") + plain;
        break;
    }
    case ConnectionMonitor::State::DatabaseDown:
        plain = tr("Server reachable, database down · retrying in %1 s")
                    .arg(m_monitor->secondsUntilRetry());
        text = dot("#e0a000") + plain;
        break;
    case ConnectionMonitor::State::Offline:
        plain = tr("Offline · %1 unreachable · retrying in %2 s")
                    .arg(server)
                    .arg(m_monitor->secondsUntilRetry());
        text = dot("#d03030") + plain;
        break;
    }
    setText(text);
    setToolTip(m_monitor->state() == ConnectionMonitor::State::Online ? plain
                                                                      : m_monitor->lastError());
    setAccessibleName(plain);
}
