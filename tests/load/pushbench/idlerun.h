#pragma once

#include "pushbenchoptions.h"

// Target 2 of issue 16: the resident memory a server gains with N idle
// subscribers. Prints the report; returns the exit code.
namespace IdleRun {
int run(const PushBenchOptions &options);
} // namespace IdleRun
