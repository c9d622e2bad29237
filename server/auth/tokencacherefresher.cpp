#include "tokencacherefresher.h"

#include "app/logcategories.h"
#include "db/databasesession.h"
#include "db/notificationhub.h"
#include "tokencache.h"
#include "tokenrepository.h"

#include <QLoggingCategory>
#include <QSet>
#include <QTimer>

namespace {
const QString kChannel = QStringLiteral("boxoffice_auth");
} // namespace

TokenCacheRefresher::TokenCacheRefresher(NotificationHub &hub, TokenCache &cache, QObject *parent)
    : QObject(parent), m_hub(hub), m_cache(cache)
{
}

TokenCacheRefresher::~TokenCacheRefresher() = default;

void TokenCacheRefresher::start()
{
    m_touchTimer = new QTimer(this);
    m_touchTimer->setInterval(kTouchIntervalMs);
    connect(m_touchTimer, &QTimer::timeout, this, &TokenCacheRefresher::flushUses);
    m_touchTimer->start();
    m_hub.subscribe(
        kChannel, this,
        [this](const QString &payload) {
            bool ok = false;
            const qint64 id = payload.toLongLong(&ok);
            // The generation goes up even for a token not cached here, so a
            // lookup of it that is under way now does not cache what it read.
            if (ok && m_cache.announce(id))
                reread({id});
        },
        [this] {
            const QList<qint64> ids = m_cache.announceAll();
            if (!ids.isEmpty())
                qCInfo(lcAuth) << "re-checking" << ids.size() << "cached tokens";
            reread(ids);
            // Only now: the copies kept through the gap are fresh again, and
            // LISTEN is in place for whatever changes next.
            if (m_cache.isSuspended())
                qCInfo(lcAuth) << "announcements arrive again; trusting cached tokens";
            m_cache.resume();
        });
    // A revocation announced while the hub reconnects (which may take long: the
    // database may refuse new connections) would be lost; until it listens
    // again, every request is checked against the database. Queued to this
    // thread like the resynchronise above, so the two are handled in the
    // order the hub saw them.
    connect(&m_hub, &NotificationHub::connectionLost, this, [this] {
        qCWarning(lcAuth) << "revocations may be missed while the LISTEN connection is down;"
                               " checking every token against the database until it is back";
        m_cache.suspend();
    });
}

void TokenCacheRefresher::reread(const QList<qint64> &ids)
{
    if (ids.isEmpty()) {
        Q_EMIT refreshed(0);
        return;
    }
    const auto rows = TokenRepository(DatabaseSession::forCurrentThread()).findByIds(ids);
    if (!rows) {
        // A copy that may be stale is worse than a lookup: forget them.
        qCWarning(lcAuth).noquote()
            << "cannot re-read" << ids.size()
            << "tokens; dropping them from the cache:" << rows.error().message;
        for (qint64 id : ids)
            m_cache.evict(id);
        Q_EMIT refreshed(0);
        return;
    }
    QSet<qint64> seen;
    for (const AuthToken &token : *rows) {
        m_cache.update(token);
        seen.insert(token.id);
    }
    for (qint64 id : ids) {
        if (!seen.contains(id))
            m_cache.evict(id);
    }
    Q_EMIT refreshed(int(rows->size()));
}

void TokenCacheRefresher::flushUses()
{
    const QList<qint64> used = m_cache.takeUsed();
    if (used.isEmpty())
        return;
    const auto touched = TokenRepository(DatabaseSession::forCurrentThread()).touch(used);
    // Only a hint for admins: a lost batch is not worth a retry.
    if (!touched)
        qCInfo(lcAuth).noquote() << "cannot record token use:" << touched.error().message;
}
