#include "tokencache.h"

std::optional<TokenCache::Entry> TokenCache::find(const QByteArray &digest) const
{
    QReadLocker locker(&m_lock);
    if (m_suspended)
        return std::nullopt;
    const auto it = m_byDigest.constFind(digest);
    if (it == m_byDigest.constEnd())
        return std::nullopt;
    return *it;
}

quint64 TokenCache::generation() const
{
    QReadLocker locker(&m_lock);
    return m_generation;
}

bool TokenCache::insert(const QByteArray &digest, const AuthToken &token, quint64 seenGeneration)
{
    QWriteLocker locker(&m_lock);
    if (m_suspended || m_generation != seenGeneration)
        return false;
    Entry entry;
    entry.token = token;
    entry.used->store(true, std::memory_order_relaxed); // the lookup was a use
    m_byDigest.insert(digest, entry);
    m_digestById.insert(token.id, digest);
    return true;
}

bool TokenCache::announce(qint64 id)
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    return m_digestById.contains(id);
}

QList<qint64> TokenCache::announceAll()
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    return m_digestById.keys();
}

void TokenCache::update(const AuthToken &token)
{
    QWriteLocker locker(&m_lock);
    const auto digest = m_digestById.constFind(token.id);
    if (digest == m_digestById.constEnd())
        return;
    m_byDigest[*digest].token = token;
}

void TokenCache::evict(qint64 id)
{
    QWriteLocker locker(&m_lock);
    const QByteArray digest = m_digestById.take(id);
    if (!digest.isEmpty())
        m_byDigest.remove(digest);
}

void TokenCache::markRevoked(qint64 id, const QDateTime &revokedAt)
{
    QWriteLocker locker(&m_lock);
    const auto digest = m_digestById.constFind(id);
    if (digest == m_digestById.constEnd())
        return;
    AuthToken &token = m_byDigest[*digest].token;
    if (!token.revokedAt.isValid())
        token.revokedAt = revokedAt;
}

void TokenCache::suspend()
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    m_suspended = true;
}

void TokenCache::resume()
{
    QWriteLocker locker(&m_lock);
    ++m_generation;
    m_suspended = false;
}

bool TokenCache::isSuspended() const
{
    QReadLocker locker(&m_lock);
    return m_suspended;
}

QList<qint64> TokenCache::takeUsed()
{
    QReadLocker locker(&m_lock);
    QList<qint64> used;
    for (const Entry &entry : std::as_const(m_byDigest)) {
        if (entry.used->exchange(false, std::memory_order_relaxed))
            used << entry.token.id;
    }
    return used;
}

qsizetype TokenCache::size() const
{
    QReadLocker locker(&m_lock);
    return m_byDigest.size();
}
