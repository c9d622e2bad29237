#pragma once

#include "apirequest.h"
#include "result.h"

#include <optional>

// Which rate limit a route counts against (the Router's table names one per route).
enum class RateClass
{
    None,
    Login,   // POST /auth/login
    Booking, // POST /shows/:id/book
    Settle,  // confirm and cancel
};

// The checks the Router runs on a request besides authorization: the Host
// header (DNS rebinding), forged cross-site requests, and rate limits.
// Implementations are thread-safe: the Router calls them from the HTTP thread
// and, after a token lookup, from wherever that finished.
class RequestAdmission
{
public:
    virtual ~RequestAdmission() = default;
    // Before the path is matched. May fill in request.clientAddress (the peer,
    // or X-Forwarded-For when the peer is a trusted proxy). An error refuses
    // the request.
    virtual std::optional<DomainError> beforeRouting(ApiRequest &request) const = 0;
    // Once the route and request.principal are known, for routes with a rate class.
    virtual std::optional<DomainError> admit(const ApiRequest &request,
                                             RateClass rateClass) const = 0;
    // The Router answered 401 to a credential that was there but bad
    // (malformed, unknown, revoked, expired), so guessing tokens costs the
    // address; beforeRouting may refuse its further credentials for a while.
    virtual void noteRefusedCredential(const ApiRequest &request) const { Q_UNUSED(request); }
};
