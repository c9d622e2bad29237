#pragma once

#include "auth/publicbooking.h"
#include "clientaddress.h"
#include "hostguard.h"
#include "ratelimiter.h"
#include "ratelimitpolicy.h"
#include "requestadmission.h"

#include <QStringList>

#include <optional>

// The server's RequestAdmission: works out the client's address (trusted
// proxies), refuses foreign Host headers (421), state-changing requests a web
// page could forge (415: no Authorization and no JSON content type; not in
// PublicBooking::Open), and callers over their rate limit (429): anonymous
// ones per address (an IPv6 client per /64, which one host usually owns
// whole), staff per token; the bootstrap admin is exempt. Addresses that keep
// presenting bad tokens are refused any further credential for a while.
// Thread-safe: its settings are read-only and the buckets lock themselves.
class SecurityGuards : public RequestAdmission
{
public:
    struct Settings
    {
        PublicBooking publicBooking = PublicBooking::Off;
        HostGuard hosts;
        ClientAddress clients;
        RateLimitPolicy limits;
        // SHA-256 of the bootstrap admin token (empty: none). Its holder is
        // exempt from rate limits, also from the refused-credential one, so an
        // operator is never locked out by someone else's guessing.
        QByteArray bootstrapTokenDigest;
    };
    // The options as given (--allowed-hosts, --trusted-proxies, --rate-limits);
    // nullopt with *error saying which value is wrong.
    static std::optional<Settings> settingsFrom(PublicBooking mode, const QStringList &allowedHosts,
                                                const QStringList &trustedProxies,
                                                const QString &rateLimits, QString *error);

    explicit SecurityGuards(Settings settings, RateLimiter::Clock clock = {});

    std::optional<DomainError> beforeRouting(ApiRequest &request) const override;
    std::optional<DomainError> admit(const ApiRequest &request, RateClass rateClass) const override;
    void noteRefusedCredential(const ApiRequest &request) const override;

    // The bucket key of a client address: the address itself, or its /64 for IPv6.
    static QString addressKey(const QString &clientAddress);

private:
    std::optional<DomainError> limited(RateLimitClass rateClass, RateLimitScope scope,
                                       const QString &who) const;
    static DomainError tooMany(RateLimitClass rateClass, RateLimitScope scope, int seconds);
    bool isBootstrapToken(const QByteArray &authorization) const;
    static QString bucketKey(RateLimitClass rateClass, RateLimitScope scope, const QString &who);

    Settings m_settings;
    // The only state: buckets change on every admitted request (RateLimiter locks).
    mutable RateLimiter m_limiter;
};
