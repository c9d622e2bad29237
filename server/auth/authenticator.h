#pragma once

#include "principal.h"
#include "result.h"

#include <QByteArray>
#include <QFuture>

#include <atomic>
#include <memory>

// Turns the credential of a request (the Authorization header's bearer token)
// into a Principal. The Router calls it for every route that is not public;
// the answer should come from memory (a ready future) for any token seen
// before, so that the booking path gains no query per request.
//
// Errors: Unauthorized with details.reason "missing" (no header), "malformed"
// (not "Bearer <token>"), "unknown", "revoked" or "expired"; and
// DatabaseUnavailable/ServerBusy when a token not yet cached could not be looked up.
class Authenticator
{
public:
    virtual ~Authenticator() = default;
    // abandoned: the client's "has gone" flag, for a lookup that must queue.
    virtual QFuture<Result<Principal>>
    authenticate(const QByteArray &authorization,
                 const std::shared_ptr<std::atomic<bool>> &abandoned) const = 0;
};
