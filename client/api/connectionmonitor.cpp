#include "connectionmonitor.h"

#include "apiclient.h"
#include "apierror.h"
#include "clientlogging.h"

#include <algorithm>

namespace {
constexpr int kFirstBackoffMs = 1000;
}

ConnectionMonitor::ConnectionMonitor(ApiClient *api, QObject *parent) : QObject(parent), m_api(api)
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &ConnectionMonitor::checkNow);
    m_countdownTimer.setInterval(1000);
    connect(&m_countdownTimer, &QTimer::timeout, this,
            [this] { emit retryCountdownChanged(secondsUntilRetry()); });
    connect(api, &ApiClient::serverAnswered, this, &ConnectionMonitor::onAnswered);
    connect(api, &ApiClient::serverUnreachable, this, &ConnectionMonitor::onUnreachable);
}

void ConnectionMonitor::start()
{
    checkNow();
}

void ConnectionMonitor::checkNow()
{
    m_pollTimer.stop();
    if (m_checking)
        return;
    m_checking = true;
    m_api->health(this, [this](const Result<HealthStatus> &result) { onHealth(result); });
}

int ConnectionMonitor::secondsUntilRetry() const
{
    if (m_state == State::Online || !m_pollTimer.isActive())
        return 0;
    return std::max(0, int((m_pollTimer.remainingTime() + 999) / 1000));
}

void ConnectionMonitor::onHealth(const Result<HealthStatus> &result)
{
    m_checking = false;
    if (result) {
        m_failures = 0;
        setState(State::Online);
    } else if (result.error().code == ErrorCode::DatabaseUnavailable) {
        ++m_failures;
        m_lastError = result.error().message;
        setState(State::DatabaseDown);
    } else if (!ApiError::isTransport(result.error())) {
        // Answers, but not like our server (wrong URL, a proxy page): treat as down.
        ++m_failures;
        m_lastError = ApiError::describe(result.error());
        setState(State::Offline);
    }
    // Transport failures were already handled by onUnreachable().
    scheduleNext();
}

void ConnectionMonitor::onAnswered(int httpStatus)
{
    // A 503 from any route is the database speaking; health will tell precisely.
    if (m_state != State::Online && httpStatus < 500 && !m_checking)
        checkNow();
}

void ConnectionMonitor::onUnreachable(const DomainError &error)
{
    m_lastError = ApiError::describe(error);
    if (m_state != State::Offline)
        m_failures = 0;
    ++m_failures;
    setState(State::Offline);
    if (!m_checking)
        scheduleNext();
}

void ConnectionMonitor::scheduleNext()
{
    int delay = m_onlineIntervalMs;
    if (m_state != State::Online) {
        const int exponent = std::clamp(m_failures - 1, 0, 16);
        delay = std::min(m_maxBackoffMs, kFirstBackoffMs << exponent);
        m_countdownTimer.start();
    } else {
        m_countdownTimer.stop();
    }
    m_pollTimer.start(delay);
    if (m_state != State::Online)
        emit retryCountdownChanged(secondsUntilRetry());
}

void ConnectionMonitor::setState(State state)
{
    if (state == m_state)
        return;
    const bool wasOnline = m_state == State::Online;
    m_state = state;
    qCInfo(lcConnection) << "server" << m_api->baseUrl().toString() << "is now" << state
                         << (state == State::Online ? QString() : m_lastError);
    emit stateChanged(state);
    if (state == State::Online && !wasOnline)
        emit cameOnline();
}
