#pragma once

#include "hostilerequests.h"

// Hostile requests at the feature-flag routes of issue 12: bad keys, bad and
// lax values, bad If-Match, missing tokens, wrong methods, bad preview bodies
// and queries. None may store a flag; none ever sets sales.paused to true, so
// a wrongly accepted one cannot turn the fuzzer's later bookings into 503s.
namespace HostileFlags {
void flagRequests(HostileRequests &g, QList<HostileRequests::Request> *out);
} // namespace HostileFlags
