#pragma once

namespace prometheus {
class Counter;
class Gauge;
class Registry;
} // namespace prometheus

// The conventional process_* metrics (resident memory, CPU time, open file
// descriptors, start time), read from /proc when metrics are exposed rather
// than kept up to date: a scrape every few seconds costs a few small reads.
//
// Not thread-safe: ServerMetrics calls refresh() under its lock.
class ProcessMetrics
{
public:
    explicit ProcessMetrics(prometheus::Registry &registry);
    void refresh();

private:
    prometheus::Gauge &m_residentBytes;
    prometheus::Gauge &m_openFds;
    prometheus::Gauge &m_startTime;
    prometheus::Counter &m_cpuSeconds;
    double m_cpuSecondsSeen = 0; // what m_cpuSeconds holds: a counter only goes up by increments
};
