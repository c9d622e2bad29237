#include "holdexpiryscheduler.h"

#include "app/logcategories.h"
#include "db/databasesession.h"
#include "db/notificationhub.h"
#include "db/sqlrunner.h"
#include "db/sqlvalues.h"
#include "metrics/servermetrics.h"

#include <QLoggingCategory>
#include <QSqlQuery>
#include <QTimer>

#include <limits>

namespace {
const QString kChannel = QStringLiteral("boxoffice_holds");
// One row per released hold: its deadline and the database's clock just after
// the release, for the expiry lag metric. Both come from the database's own
// clock, so no offset to ours is needed (the first sweep runs before any is
// measured). The function is PL/pgSQL and returns its rows all at once, so it
// has run to completion before the select list reads clock_timestamp().
const QString kSweep =
    QStringLiteral(
        "SELECT d.deadline_ms, %1 FROM expire_due_holds_returning_deadlines(?::integer) d")
        .arg(SqlValues::epochMs(QStringLiteral("clock_timestamp()")));
const QString kNextDeadline = QStringLiteral("SELECT %1, %2 FROM bookings WHERE status = 'PENDING'")
                                  .arg(SqlValues::epochMs(QStringLiteral("min(expires_at)")),
                                       SqlValues::epochMs(QStringLiteral("clock_timestamp()")));
constexpr int kBatch = 1000;
} // namespace

HoldExpiryScheduler::HoldExpiryScheduler(NotificationHub &hub, QObject *parent)
    : QObject(parent), m_hub(hub)
{
}

HoldExpiryScheduler::~HoldExpiryScheduler() = default;

void HoldExpiryScheduler::start()
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    m_timer->setTimerType(Qt::PreciseTimer);
    connect(m_timer, &QTimer::timeout, this, &HoldExpiryScheduler::sweepAndRearm);
    m_hub.subscribe(
        kChannel, this, [this](const QString &payload) { onHoldAnnounced(payload); },
        [this] {
            qCInfo(lcExpiry) << "re-reading pending holds";
            sweepAndRearm();
        });
    // Holds that fell due while no server was running are released right away,
    // whether or not the hub is connected yet.
    sweepAndRearm();
}

void HoldExpiryScheduler::onHoldAnnounced(const QString &payload)
{
    bool ok = false;
    const qint64 dbDeadline = payload.toLongLong(&ok);
    if (ok && m_arming.holdAnnounced(dbDeadline))
        rearm();
}

void HoldExpiryScheduler::sweepAndRearm()
{
    SqlRunner sql(DatabaseSession::forCurrentThread());
    int expired = 0;
    for (;;) {
        QSqlQuery *query = sql.exec(kSweep, {kBatch}, SqlRunner::Kind::Write);
        if (!query) {
            m_arming.sweepFailed();
            rearm();
            return;
        }
        int count = 0;
        while (query->next()) {
            ++count;
            const qint64 lagMs =
                qMax<qint64>(0, query->value(1).toLongLong() - query->value(0).toLongLong());
            ServerMetrics::instance().observeExpiryLag(double(lagMs) / 1000.0);
        }
        ServerMetrics::instance().countBooking(BookingOutcome::Expired, count);
        expired += count;
        if (count < kBatch)
            break;
    }
    if (expired > 0) {
        qCInfo(lcExpiry) << "expired" << expired << "hold(s)";
        Q_EMIT holdsExpired(expired);
    }

    const qint64 before = m_arming.now();
    QSqlQuery *query = sql.exec(kNextDeadline, {}, SqlRunner::Kind::Read);
    if (!query || !query->next()) {
        m_arming.sweepFailed();
        rearm();
        return;
    }
    const qint64 after = m_arming.now();
    const std::optional<qint64> deadline =
        query->value(0).isNull() ? std::nullopt : std::optional(query->value(0).toLongLong());
    m_arming.sweepSucceeded(deadline, query->value(1).toLongLong(), before, after);
    rearm();
}

void HoldExpiryScheduler::rearm()
{
    const qint64 delay = m_arming.msUntilNextSweep();
    m_timer->start(int(std::min<qint64>(delay, std::numeric_limits<int>::max())));
}
