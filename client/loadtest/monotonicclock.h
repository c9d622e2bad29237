#pragma once

#include <QtGlobal>

#include <time.h>

// Microseconds on CLOCK_MONOTONIC, what every latency of the run is measured in.
inline qint64 monotonicMicros()
{
    timespec ts{};
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return qint64(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}
