#include "flagsnapshotrefresher.h"

#include "app/logcategories.h"
#include "db/databasesession.h"
#include "db/notificationhub.h"
#include "flagsnapshot.h"

#include <QLoggingCategory>
#include <QTimer>

namespace {
const QString kChannel = QStringLiteral("boxoffice_flags");
} // namespace

FlagSnapshotRefresher::FlagSnapshotRefresher(NotificationHub &hub, FlagSnapshot &snapshot,
                                             QObject *parent)
    : QObject(parent), m_hub(hub), m_snapshot(snapshot)
{
}

FlagSnapshotRefresher::~FlagSnapshotRefresher() = default;

void FlagSnapshotRefresher::start()
{
    m_coalesce = new QTimer(this);
    m_coalesce->setSingleShot(true);
    m_coalesce->setInterval(0);
    connect(m_coalesce, &QTimer::timeout, this, &FlagSnapshotRefresher::read);
    m_retry = new QTimer(this);
    m_retry->setSingleShot(true);
    m_retry->setInterval(kRetryMs);
    connect(m_retry, &QTimer::timeout, this, &FlagSnapshotRefresher::read);
    m_hub.subscribe(
        kChannel, this, [this](const QString &) { scheduleRead(); },
        [this] {
            qCInfo(lcFlags) << "re-reading feature flags";
            scheduleRead();
        });
}

void FlagSnapshotRefresher::scheduleRead()
{
    // Notifications queued behind each other all land before the timer fires,
    // so a burst costs one read.
    if (!m_coalesce->isActive())
        m_coalesce->start();
}

void FlagSnapshotRefresher::read()
{
    m_retry->stop();
    const auto error = m_snapshot.reload(DatabaseSession::forCurrentThread());
    if (error) {
        // Once per outage: a retry every 500 ms would otherwise fill the log.
        if (!m_failing)
            qCWarning(lcFlags).noquote()
                << "cannot read feature flags; keeping the last ones, retrying in" << kRetryMs
                << "ms:" << error->message;
        m_failing = true;
        m_retry->start();
        Q_EMIT refreshFailed(error->message);
        return;
    }
    if (m_failing)
        qCInfo(lcFlags) << "feature flags read again";
    m_failing = false;
    Q_EMIT refreshed();
}
