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
// The sweep answers with its batch's lag grouped by millisecond (deadline to
// release, both on the database's clock): a few rows however many holds it
// released, so a flash sale's 100 000 abandoned holds cost a few big
// transactions instead of a hundred small ones (sql/014, 015).
const QString kSweep =
    QStringLiteral("SELECT lag_ms, holds FROM expire_due_holds_by_lag(?::integer)");
const QString kNextDeadline = QStringLiteral("SELECT %1, %2 FROM bookings WHERE status = 'PENDING'")
                                  .arg(SqlValues::epochMs(QStringLiteral("min(expires_at)")),
                                       SqlValues::epochMs(QStringLiteral("clock_timestamp()")));
// Big enough that 100 000 holds are five commits, small enough that one batch's
// row locks and WAL stay modest and a booking waiting on a show row waits
// well under a second.
constexpr int kBatch = 20000;
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
            const double lagSeconds = double(query->value(0).toLongLong()) / 1000.0;
            const int holds = query->value(1).toInt();
            for (int i = 0; i < holds; ++i)
                ServerMetrics::instance().observeExpiryLag(lagSeconds);
            count += holds;
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
