#pragma once

#include <QHash>
#include <QString>

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>

// One token bucket's shape: it holds at most `burst` tokens and refills at
// `perSecond`; each request takes one.
struct RateLimitRule
{
    double perSecond = 0;
    double burst = 0;

    bool operator==(const RateLimitRule &) const = default;
};

// Token buckets keyed by a string (the guards use "class|scope|who"), in memory,
// for one server instance. Thread-safe: one mutex around a hash, held only for
// arithmetic, so the HTTP thread and the workers may call it at once.
//
// Memory is bounded: a bucket that has refilled completely is the same as no
// bucket, so it is dropped whenever the table is swept; when maxKeys is
// reached the sweep also drops the least recently used tenth. That forgets the
// partial debt of clients that have been quiet longest (they gain at most one
// burst) instead of refusing new clients (an attacker with many addresses
// could then lock everyone out) or admitting them uncounted (a flood of fresh
// keys would switch the limit off for everyone new).
class RateLimiter
{
public:
    using Clock = std::function<std::chrono::nanoseconds()>;
    static constexpr qsizetype kDefaultMaxKeys = 100000;

    // The clock must be monotonic; the default is std::chrono::steady_clock.
    explicit RateLimiter(qsizetype maxKeys = kDefaultMaxKeys, Clock clock = {});

    // Takes one token from key's bucket. nullopt: admitted; else the whole
    // seconds (>= 1, rounded up) until one token is back.
    std::optional<int> take(const QString &key, const RateLimitRule &rule);
    // Takes one token whatever the bucket holds, for events already answered
    // (a refused credential); the debt is capped at one burst so concurrent
    // events cannot push the bucket ever further down.
    void charge(const QString &key, const RateLimitRule &rule);
    // Whether take() would admit, without taking: the same nullopt-or-seconds.
    std::optional<int> peek(const QString &key, const RateLimitRule &rule);

    qsizetype size() const;

private:
    struct Bucket
    {
        double tokens = 0;
        std::chrono::nanoseconds updated{0};
        RateLimitRule rule;
    };
    // The bucket for key brought up to now; created full if absent.
    Bucket &refilled(const QString &key, const RateLimitRule &rule, std::chrono::nanoseconds now);
    void sweep(std::chrono::nanoseconds now);
    static int secondsUntilOne(const Bucket &bucket);

    mutable std::mutex m_mutex;
    QHash<QString, Bucket> m_buckets;
    qsizetype m_maxKeys;
    Clock m_clock;
};
