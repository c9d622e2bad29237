#pragma once

#include "hostilerequests.h"

// Hostile request bodies: lax and broken JSON, wrong fields, wrong content types.
// Each function appends one request chosen with the generator's seeded random numbers.
namespace HostileBodies {
void laxJson(HostileRequests &g, QList<HostileRequests::Request> *out);
void brokenJson(HostileRequests &g, QList<HostileRequests::Request> *out);
void wrongFields(HostileRequests &g, QList<HostileRequests::Request> *out);
void contentTypes(HostileRequests &g, QList<HostileRequests::Request> *out);
} // namespace HostileBodies
