#pragma once

#include "pushbenchoptions.h"

// Targets 1 and 3 of issue 16: subscribers on one instance, bookings through
// another at a fixed rate, and how stale the subscribers were. Prints the
// report; returns the exit code.
namespace PropagationRun {
int run(const PushBenchOptions &options);
} // namespace PropagationRun
