#pragma once

#include "authtoken.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QReadWriteLock>

#include <atomic>
#include <memory>
#include <optional>

// The tokens this server has checked, by the SHA-256 of the secret, so that a
// request with a known token costs a hash lookup and no query. Filled by
// lookups that finish on DbExecutor workers, read on the HTTP thread, kept
// current by the TokenCacheRefresher (expiry thread). Thread-safe: reads take
// a shared lock and copy one entry (implicitly shared strings, cheap).
//
// Only tokens that were valid when read are added (negative answers are not
// cached); an entry turns revoked or expired when the refresher says so.
// Expiry itself is judged by the caller from expiresAt on every request.
//
// A lookup races the refresher: a token revoked between the lookup's query
// and its insert would be cached as valid with nobody left to correct it. So
// every announcement bumps a generation, and an insert carries the generation
// seen before its query: if any announcement came in between, the answer is
// used for that one request but not cached.
class TokenCache
{
public:
    struct Entry
    {
        AuthToken token;
        // Set on each use without a write lock; the refresher collects and
        // clears them for the batched last_used_at update.
        std::shared_ptr<std::atomic<bool>> used = std::make_shared<std::atomic<bool>>(false);
    };

    std::optional<Entry> find(const QByteArray &digest) const;
    quint64 generation() const;
    // Caches a token read by a lookup that began at generation seenGeneration;
    // false (nothing cached) if an announcement arrived since.
    bool insert(const QByteArray &digest, const AuthToken &token, quint64 seenGeneration);
    // An announcement for this token id is being handled (bumps the generation);
    // true if the token is cached, and so must be re-read.
    bool announce(qint64 id);
    // Every cached id, for a full re-check (bumps the generation too).
    QList<qint64> announceAll();
    // Replaces the cached copy of token.id, if any, with this row.
    void update(const AuthToken &token);
    // Forgets a token (its row is gone, or could not be re-read).
    void evict(qint64 id);
    // This server just revoked the token: answer "revoked" at once, without
    // waiting for the announcement to come back.
    void markRevoked(qint64 id, const QDateTime &revokedAt);
    // Announcements may be lost from now on (the LISTEN connection is gone):
    // until resume(), find() answers nothing, so every request is checked
    // against the database, and nothing is cached. Bumps the generation.
    void suspend();
    // Announcements arrive again and the cached copies were re-read: trust
    // them again. Bumps the generation, so a lookup that read its row while
    // announcements were lost does not cache it.
    void resume();
    bool isSuspended() const;
    // The ids used since the last call, flags cleared.
    QList<qint64> takeUsed();
    qsizetype size() const;

private:
    mutable QReadWriteLock m_lock;
    QHash<QByteArray, Entry> m_byDigest;
    QHash<qint64, QByteArray> m_digestById;
    quint64 m_generation = 0; // under m_lock
    bool m_suspended = false; // under m_lock
};
