#pragma once

namespace prometheus {
class Counter;
class Gauge;
} // namespace prometheus

// Live push's metrics (docs/api.md, "Metrics"), on the server's one registry.
// Counted on the HTTP thread; prometheus-cpp's counters are atomic anyway.
class PushMetrics
{
public:
    static PushMetrics &instance();

    enum class Transport
    {
        WebSocket,
        EventStream,
    };
    void subscriberAdded(Transport transport);
    void subscriberRemoved(Transport transport);
    void countMessage();
    // A show's counts replaced by newer ones before they went out.
    void countCoalesced();
    // A message not queued because its subscriber's queue was full.
    void countDroppedMessage();
    // A subscriber cut off because it still did not read after its resync.
    void countDroppedSubscriber();
    // reason: feed_interrupted, overflow, gap.
    void countResync(const char *reason);

    PushMetrics(const PushMetrics &) = delete;
    PushMetrics &operator=(const PushMetrics &) = delete;

private:
    PushMetrics();

    prometheus::Gauge *m_subscribers[2] = {};
    prometheus::Counter *m_messages = nullptr;
    prometheus::Counter *m_coalesced = nullptr;
    prometheus::Counter *m_droppedMessages = nullptr;
    prometheus::Counter *m_droppedSubscribers = nullptr;
    prometheus::Counter *m_resyncs[3] = {};
};
