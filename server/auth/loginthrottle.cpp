#include "loginthrottle.h"

#include "userrepository.h"

QString LoginThrottle::keyFor(const QString &typed)
{
    const QList<uint> codePoints = typed.toLower().toUcs4();
    if (codePoints.size() <= kMaxKeyLength)
        return typed.toLower();
    return QString::fromUcs4(reinterpret_cast<const char32_t *>(codePoints.constData()),
                             kMaxKeyLength);
}

Result<int> LoginThrottle::lockedForSeconds(const QString &key)
{
    return UserRepository(m_session).lockedForSeconds(key);
}

Result<LoginThrottle::Failure> LoginThrottle::recordFailure(const QString &key)
{
    const auto recorded = UserRepository(m_session).recordFailure(
        key, m_rule.maxFailures, m_rule.windowSeconds, m_rule.lockSeconds);
    if (!recorded)
        return recorded.error();
    // Only the failure that reaches the limit starts a lock; attempts while
    // locked are refused before they are counted.
    return Failure{recorded->failures, recorded->failures == m_rule.maxFailures,
                   recorded->lockedUntil};
}

Result<bool> LoginThrottle::clear(const QString &key)
{
    return UserRepository(m_session).clearFailures(key);
}
