#pragma once

#include "hostilerequests.h"

// Hostile HTTP messages: bad Idempotency-Keys, header blocks and framing.
// Each function appends one request chosen with the generator's seeded random numbers.
namespace HostileMessages {
void idempotencyKeys(HostileRequests &g, QList<HostileRequests::Request> *out);
void idempotencyKeysNotAscii(HostileRequests &g, QList<HostileRequests::Request> *out);
void badHeaders(HostileRequests &g, QList<HostileRequests::Request> *out);
void framing(HostileRequests &g, QList<HostileRequests::Request> *out);
} // namespace HostileMessages
