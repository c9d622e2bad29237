#pragma once

#include "auth/publicbooking.h"
#include "ratelimiter.h"

#include <QString>

#include <array>
#include <optional>

// What a rate limit counts: the Router's rate classes plus refused credentials.
enum class RateLimitClass
{
    Login,
    Booking,
    Settle,
    AuthFailure, // every 401 for a bad token
};

// Whom a bucket belongs to: a client address (anonymous callers) or a staff token.
enum class RateLimitScope
{
    Address,
    Token,
};

// The rate limits in force, from --rate-limits over the defaults. A value
// type, read-only once parsed.
//
// Spec: "off", or a comma list of CLASS.SCOPE=N/UNIT[:BURST] or CLASS.SCOPE=off,
// UNIT s|min|h, BURST defaulting to N. Entries replace the defaults of their
// own CLASS.SCOPE and leave the others as they are. In PublicBooking::Open the
// anonymous booking and settle limits are off unless the spec names them
// (the reference backend had none).
class RateLimitPolicy
{
public:
    // The defaults for mode, with nothing given.
    explicit RateLimitPolicy(PublicBooking mode = PublicBooking::Off);

    // false with *error (naming the bad entry) when text is not a valid spec.
    static bool parse(const QString &text, PublicBooking mode, RateLimitPolicy *policy,
                      QString *error);

    // nullopt: no limit for that class and scope.
    std::optional<RateLimitRule> rule(RateLimitClass rateClass, RateLimitScope scope) const;

    static QString className(RateLimitClass rateClass);
    static QString scopeName(RateLimitScope scope);

private:
    static constexpr int kScopes = 2;
    static int indexOf(RateLimitClass rateClass, RateLimitScope scope)
    {
        return int(rateClass) * kScopes + int(scope);
    }
    void set(RateLimitClass rateClass, RateLimitScope scope, std::optional<RateLimitRule> rule)
    {
        m_rules[indexOf(rateClass, scope)] = rule;
    }

    std::array<std::optional<RateLimitRule>, 4 * kScopes> m_rules;
};
