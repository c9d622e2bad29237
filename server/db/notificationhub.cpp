#include "notificationhub.h"

#include "app/logcategories.h"
#include "databasesession.h"
#include "sqlrunner.h"

#include <QLoggingCategory>
#include <QTimer>

namespace {
const QString kPing = QStringLiteral("SELECT 1");
constexpr int kHealthIntervalMs = 2000;
// Reconnect attempts back off from this...
constexpr int kFirstRetryMs = 250;
// ...to this, no longer than the health interval, so that a database that is
// back is listened to again within about 2 s (holds made meanwhile must still
// expire within 1 s of their deadline, after the re-read).
constexpr int kMaxRetryMs = 2000;
} // namespace

NotificationHub::NotificationHub(const DatabaseSettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings)
{
}

NotificationHub::~NotificationHub() = default;

void NotificationHub::start()
{
    m_session =
        std::make_unique<DatabaseSession>(m_settings, QStringLiteral("boxoffice-notifications"));
    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(kHealthIntervalMs);
    connect(m_healthTimer, &QTimer::timeout, this, &NotificationHub::checkConnection);
    m_healthTimer->start();
    m_retryTimer = new QTimer(this);
    m_retryTimer->setSingleShot(true);
    connect(m_retryTimer, &QTimer::timeout, this, &NotificationHub::reconnect);
    reconnect();
}

void NotificationHub::addChannel(const QString &channel)
{
    // Queued even on the hub's own thread, so that the caller finishes
    // subscribing before the first resynchronise can run.
    QMetaObject::invokeMethod(
        this, [this, channel] { listenOn(channel); }, Qt::QueuedConnection);
}

void NotificationHub::listenOn(const QString &channel)
{
    if (!m_channels.contains(channel))
        m_channels << channel;
    if (!m_session || !listening())
        return; // connecting LISTENs on every channel and resynchronises them all
    if (!m_session->database().driver()->subscribedToNotifications().contains(channel) &&
        !subscribeDriver(channel)) {
        m_session->reset();
        checkConnection();
        return;
    }
    // Also for a channel already listened to: its new subscriber needs a first read.
    Q_EMIT resynchronised({channel});
}

bool NotificationHub::listening() const
{
    // Any statement may have silently reopened the connection; a new
    // connection has no LISTEN until we subscribe again.
    return m_listeningGeneration != 0 && m_listeningGeneration == m_session->generation() &&
           m_session->database().isOpen();
}

void NotificationHub::setListening(bool listening)
{
    m_listening.storeRelease(listening ? 1 : 0);
}

bool NotificationHub::subscribeDriver(const QString &channel)
{
    QSqlDriver *driver = m_session->database().driver();
    // After a reconnect the driver may still list the old subscription.
    if (driver->subscribedToNotifications().contains(channel))
        driver->unsubscribeFromNotification(channel);
    if (driver->subscribeToNotification(channel))
        return true;
    qCWarning(lcDb) << "cannot LISTEN on" << channel;
    return false;
}

bool NotificationHub::connectAndListen()
{
    m_listeningGeneration = 0;
    setListening(false);
    if (!m_session->ensureOpen())
        return false;
    connect(m_session->database().driver(), &QSqlDriver::notification, this,
            &NotificationHub::onNotification, Qt::UniqueConnection);
    for (const QString &channel : std::as_const(m_channels)) {
        if (!subscribeDriver(channel)) {
            m_session->reset();
            return false;
        }
    }
    m_listeningGeneration = m_session->generation();
    setListening(true);
    return true;
}

void NotificationHub::checkConnection()
{
    if (m_retryTimer->isActive())
        return; // already reconnecting
    // QPSQL gives no signal when a listening backend dies, so ask.
    SqlRunner sql(*m_session);
    if (listening() && sql.exec(kPing, {}, SqlRunner::Kind::Write) && listening())
        return;
    if (m_listeningGeneration != 0) {
        qCWarning(lcDb) << "lost the LISTEN connection; reconnecting";
        setListening(false);
        m_listeningGeneration = 0;
        Q_EMIT connectionLost();
    }
    reconnect();
}

void NotificationHub::reconnect()
{
    if (connectAndListen()) {
        m_retryDelayMs = 0;
        if (m_channels.isEmpty())
            qCInfo(lcDb) << "notification connection open; no channels subscribed yet";
        else
            qCInfo(lcDb) << "listening for notifications on" << m_channels;
        Q_EMIT resynchronised(m_channels);
        return;
    }
    m_retryDelayMs =
        m_retryDelayMs == 0 ? kFirstRetryMs : std::min(2 * m_retryDelayMs, kMaxRetryMs);
    m_retryTimer->start(m_retryDelayMs);
}

void NotificationHub::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                     const QVariant &payload)
{
    Q_EMIT notified(name, payload.toString());
}
