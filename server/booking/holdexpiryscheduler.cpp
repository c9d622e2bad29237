#include "holdexpiryscheduler.h"

#include "db/databasesession.h"
#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QDateTime>
#include <QLoggingCategory>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcExpiry, "boxoffice.expiry")

namespace {
const QString kChannel = QStringLiteral("boxoffice_holds");
const QString kSweep = QStringLiteral("SELECT expire_due_holds(?::integer)");
const QString kNextDeadline = QStringLiteral("SELECT %1, %2 FROM bookings WHERE status = 'PENDING'")
                                  .arg(SqlValues::epochMs(QStringLiteral("min(expires_at)")),
                                       SqlValues::epochMs(QStringLiteral("clock_timestamp()")));
const QString kPing = QStringLiteral("SELECT 1");

constexpr int kBatch = 1000;
// The timer fires this much after a deadline so the database clock has passed it too.
constexpr qint64 kSlackMs = 5;
// When due holds are still locked by another sweeper, look again this soon.
constexpr qint64 kBusyRetryMs = 50;
// After a failed sweep (a deadlock victim twice, a lost connection) try again this soon.
constexpr qint64 kFailureRetryMs = 200;
constexpr int kHealthIntervalMs = 2000;
// Only a backstop: notifications and re-reads after reconnects do the real work.
constexpr int kSafetyNetIntervalMs = 15000;

qint64 localNowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}
} // namespace

HoldExpiryScheduler::HoldExpiryScheduler(const DatabaseSettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings)
{
}

HoldExpiryScheduler::~HoldExpiryScheduler() = default;

void HoldExpiryScheduler::start()
{
    m_session = std::make_unique<DatabaseSession>(m_settings, QStringLiteral("boxoffice-expiry"));
    m_deadlineTimer = new QTimer(this);
    m_deadlineTimer->setSingleShot(true);
    m_deadlineTimer->setTimerType(Qt::PreciseTimer);
    connect(m_deadlineTimer, &QTimer::timeout, this, &HoldExpiryScheduler::onDeadline);

    m_healthTimer = new QTimer(this);
    m_healthTimer->setInterval(kHealthIntervalMs);
    connect(m_healthTimer, &QTimer::timeout, this, &HoldExpiryScheduler::checkConnection);
    m_healthTimer->start();

    m_safetyNetTimer = new QTimer(this);
    m_safetyNetTimer->setInterval(kSafetyNetIntervalMs);
    connect(m_safetyNetTimer, &QTimer::timeout, this, &HoldExpiryScheduler::sweepAndRearm);
    m_safetyNetTimer->start();

    // Holds that fell due while no server was running are released right away.
    if (connectAndListen())
        sweepAndRearm();
}

bool HoldExpiryScheduler::listening() const
{
    // Any statement may have silently reopened the connection after a database
    // restart; a new connection has no LISTEN until we subscribe again.
    return m_listeningGeneration != 0 && m_listeningGeneration == m_session->generation() &&
           m_session->database().isOpen();
}

bool HoldExpiryScheduler::connectAndListen()
{
    if (listening())
        return true;
    m_listeningGeneration = 0;
    if (!m_session->ensureOpen())
        return false;
    QSqlDriver *driver = m_session->database().driver();
    connect(driver, &QSqlDriver::notification, this, &HoldExpiryScheduler::onNotification,
            Qt::UniqueConnection);
    // After a reconnect the driver may still list the old subscription.
    if (driver->subscribedToNotifications().contains(kChannel))
        driver->unsubscribeFromNotification(kChannel);
    if (!driver->subscribeToNotification(kChannel)) {
        qCWarning(lcExpiry) << "cannot LISTEN on" << kChannel;
        m_session->reset();
        return false;
    }
    m_listeningGeneration = m_session->generation();
    qCInfo(lcExpiry) << "listening for new holds";
    return true;
}

void HoldExpiryScheduler::checkConnection()
{
    // QPSQL gives no signal when a listening backend dies (see docs/design.md), so
    // ask. Anything announced while we were away is caught by re-reading the next deadline.
    const bool wasListening = listening();
    SqlRunner sql(*m_session);
    if (wasListening && sql.exec(kPing, {}, SqlRunner::Kind::Write) && listening())
        return;
    if (wasListening)
        qCWarning(lcExpiry) << "lost the database connection; reconnecting";
    if (connectAndListen())
        sweepAndRearm();
}

void HoldExpiryScheduler::onNotification(const QString &name, QSqlDriver::NotificationSource,
                                         const QVariant &payload)
{
    if (name != kChannel)
        return;
    bool ok = false;
    const qint64 dbDeadline = payload.toString().toLongLong(&ok);
    if (!ok)
        return;
    const qint64 localDeadline = dbDeadline - m_clockOffsetMs;
    if (m_armedDeadlineMs == 0 || localDeadline < m_armedDeadlineMs)
        armAt(localDeadline);
}

void HoldExpiryScheduler::onDeadline()
{
    m_armedDeadlineMs = 0;
    sweepAndRearm();
}

void HoldExpiryScheduler::sweepAndRearm()
{
    SqlRunner sql(*m_session);
    int expired = 0;
    for (;;) {
        QSqlQuery *query = sql.exec(kSweep, {kBatch}, SqlRunner::Kind::Write);
        if (!query || !query->next()) {
            // Never leave due holds to the backstop: try again shortly (a lost
            // connection is also picked up by the health check).
            armAt(localNowMs() + kFailureRetryMs);
            return;
        }
        const int count = query->value(0).toInt();
        expired += count;
        if (count < kBatch)
            break;
    }
    if (expired > 0) {
        qCInfo(lcExpiry) << "expired" << expired << "hold(s)";
        Q_EMIT holdsExpired(expired);
    }

    const qint64 before = localNowMs();
    QSqlQuery *query = sql.exec(kNextDeadline, {}, SqlRunner::Kind::Read);
    if (!query || !query->next()) {
        armAt(localNowMs() + kFailureRetryMs);
        return;
    }
    const qint64 after = localNowMs();
    const qint64 dbNow = query->value(1).toLongLong();
    m_clockOffsetMs = dbNow - (before + after) / 2;
    if (query->value(0).isNull()) {
        m_deadlineTimer->stop();
        m_armedDeadlineMs = 0;
        return;
    }
    const qint64 dbDeadline = query->value(0).toLongLong();
    // A deadline already past means another instance holds those rows right now.
    armAt(std::max(dbDeadline - m_clockOffsetMs, after + kBusyRetryMs - kSlackMs));
}

void HoldExpiryScheduler::armAt(qint64 localDeadlineMs)
{
    m_armedDeadlineMs = localDeadlineMs;
    const qint64 delay = std::max<qint64>(0, localDeadlineMs + kSlackMs - localNowMs());
    m_deadlineTimer->start(int(std::min<qint64>(delay, std::numeric_limits<int>::max())));
}
