#include "ratelimiter.h"

#include <QtMath>

#include <algorithm>
#include <vector>

namespace {
// Refills are sums of fractions (10/min adds 1/6 a second); a hair of rounding
// must not keep back a token that is due.
constexpr double kEpsilon = 1e-9;

double secondsOf(std::chrono::nanoseconds span)
{
    return std::chrono::duration<double>(span).count();
}
} // namespace

RateLimiter::RateLimiter(qsizetype maxKeys, Clock clock)
    : m_maxKeys(std::max<qsizetype>(1, maxKeys)), m_clock(std::move(clock))
{
    if (!m_clock) {
        m_clock = [] {
            return std::chrono::duration_cast<std::chrono::nanoseconds>(
                std::chrono::steady_clock::now().time_since_epoch());
        };
    }
}

RateLimiter::Bucket &RateLimiter::refilled(const QString &key, const RateLimitRule &rule,
                                           std::chrono::nanoseconds now)
{
    auto found = m_buckets.find(key);
    if (found == m_buckets.end()) {
        if (m_buckets.size() >= m_maxKeys)
            sweep(now);
        return *m_buckets.insert(key, Bucket{rule.burst, now, rule});
    }
    Bucket &bucket = *found;
    // A rule that changed (it cannot at run time today) starts over rather than
    // mixing two shapes.
    if (bucket.rule != rule) {
        bucket = Bucket{rule.burst, now, rule};
        return bucket;
    }
    const double elapsed = std::max(0.0, secondsOf(now - bucket.updated));
    bucket.tokens = std::min(rule.burst, bucket.tokens + elapsed * rule.perSecond);
    bucket.updated = now;
    return bucket;
}

void RateLimiter::sweep(std::chrono::nanoseconds now)
{
    std::vector<std::chrono::nanoseconds> ages;
    for (auto it = m_buckets.begin(); it != m_buckets.end();) {
        const Bucket &b = *it;
        const double tokens = b.tokens + secondsOf(now - b.updated) * b.rule.perSecond;
        if (tokens >= b.rule.burst - kEpsilon) {
            it = m_buckets.erase(it);
        } else {
            ages.push_back(b.updated);
            ++it;
        }
    }
    if (m_buckets.size() < m_maxKeys)
        return;
    // Still full of clients in debt: forget the tenth that was quiet longest.
    const auto drop = std::max<std::size_t>(1, ages.size() / 10);
    std::nth_element(ages.begin(), ages.begin() + (drop - 1), ages.end());
    const std::chrono::nanoseconds cutoff = ages[drop - 1];
    for (auto it = m_buckets.begin(); it != m_buckets.end();)
        it = it->updated <= cutoff ? m_buckets.erase(it) : std::next(it);
}

int RateLimiter::secondsUntilOne(const Bucket &bucket)
{
    const double missing = 1.0 - bucket.tokens;
    if (bucket.rule.perSecond <= 0)
        return 24 * 3600;
    return std::max(1, int(qCeil(missing / bucket.rule.perSecond - kEpsilon)));
}

std::optional<int> RateLimiter::take(const QString &key, const RateLimitRule &rule)
{
    const std::lock_guard lock(m_mutex);
    Bucket &bucket = refilled(key, rule, m_clock());
    if (bucket.tokens >= 1.0 - kEpsilon) {
        bucket.tokens -= 1.0;
        return std::nullopt;
    }
    return secondsUntilOne(bucket);
}

void RateLimiter::charge(const QString &key, const RateLimitRule &rule)
{
    const std::lock_guard lock(m_mutex);
    Bucket &bucket = refilled(key, rule, m_clock());
    bucket.tokens = std::max(-rule.burst, bucket.tokens - 1.0);
}

std::optional<int> RateLimiter::peek(const QString &key, const RateLimitRule &rule)
{
    const std::lock_guard lock(m_mutex);
    const auto found = m_buckets.find(key);
    if (found == m_buckets.end())
        return std::nullopt; // a full bucket: nothing to create for a look
    Bucket &bucket = refilled(key, rule, m_clock());
    if (bucket.tokens >= 1.0 - kEpsilon)
        return std::nullopt;
    return secondsUntilOne(bucket);
}

qsizetype RateLimiter::size() const
{
    const std::lock_guard lock(m_mutex);
    return m_buckets.size();
}
