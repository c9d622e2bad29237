#pragma once

#include "hostilerequests.h"

// Hostile targets: bad ids, references, methods, paths, queries and admin tokens.
// Each function appends one request chosen with the generator's seeded random numbers.
namespace HostileTargets {
void badIds(HostileRequests &g, QList<HostileRequests::Request> *out);
void badReferences(HostileRequests &g, QList<HostileRequests::Request> *out);
void methodsAndPaths(HostileRequests &g, QList<HostileRequests::Request> *out);
void encodedPaths(HostileRequests &g, QList<HostileRequests::Request> *out);
void badQueries(HostileRequests &g, QList<HostileRequests::Request> *out);
void duplicatedQueries(HostileRequests &g, QList<HostileRequests::Request> *out);
void adminTokens(HostileRequests &g, QList<HostileRequests::Request> *out);
} // namespace HostileTargets
