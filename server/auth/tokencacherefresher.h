#pragma once

#include <QObject>

class NotificationHub;
class QTimer;
class TokenCache;

// Keeps a TokenCache true to auth_tokens on every server: each insert,
// revocation, expiry or role change is announced on channel boxoffice_auth
// with the token's id (migration 007's trigger); for a cached id it re-reads
// that row and replaces the cached copy. After the hub (re)connects it
// re-reads every cached token, as announcements may have been lost; from the
// moment the hub finds its connection lost until then, the cache is suspended
// (every request is looked up in the database), so a revocation made in the
// gap is refused at once rather than after the reconnect. A token
// that cannot be re-read is evicted, so the next request looks it up again
// rather than trusting a copy that may be revoked. Once a minute it writes
// the tokens used since the last time to last_used_at, in one statement.
//
// Lives on the hold-expiry thread and reads with that thread's
// DatabaseSession, like FlagSnapshotRefresher: create it, moveToThread(),
// then invoke start().
class TokenCacheRefresher : public QObject
{
    Q_OBJECT
public:
    static constexpr int kTouchIntervalMs = 60000;

    TokenCacheRefresher(NotificationHub &hub, TokenCache &cache, QObject *parent = nullptr);
    ~TokenCacheRefresher() override;

public Q_SLOTS:
    void start();
    // Writes last_used_at for the tokens used since the last flush.
    void flushUses();

Q_SIGNALS:
    // After each re-read (for tests and logs): how many tokens were re-read.
    void refreshed(int tokens);

private:
    void reread(const QList<qint64> &ids);

    NotificationHub &m_hub;
    TokenCache &m_cache;
    QTimer *m_touchTimer = nullptr;
};
