#include "pushmetrics.h"

#include "servermetrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/registry.h>

#include <cstring>

PushMetrics &PushMetrics::instance()
{
    // Never destroyed, like ServerMetrics, whose registry holds these.
    static PushMetrics *metrics = new PushMetrics;
    return *metrics;
}

PushMetrics::PushMetrics()
{
    prometheus::Registry &registry = ServerMetrics::instance().registry();
    auto &subscribers = prometheus::BuildGauge()
                            .Name("boxoffice_push_subscribers")
                            .Help("Live-push subscribers connected now, by transport.")
                            .Register(registry);
    m_subscribers[0] = &subscribers.Add({{"transport", "websocket"}});
    m_subscribers[1] = &subscribers.Add({{"transport", "sse"}});
    m_messages = &prometheus::BuildCounter()
                      .Name("boxoffice_push_messages_total")
                      .Help("Messages queued to live-push subscribers.")
                      .Register(registry)
                      .Add({});
    m_coalesced = &prometheus::BuildCounter()
                       .Name("boxoffice_push_coalesced_total")
                       .Help("Show updates replaced by newer counts within the 100 ms window "
                             "before they went out.")
                       .Register(registry)
                       .Add({});
    auto &dropped = prometheus::BuildCounter()
                        .Name("boxoffice_push_dropped_total")
                        .Help("message: not queued because the subscriber's queue was full; "
                              "subscriber: cut off for not reading after its resync.")
                        .Register(registry);
    m_droppedMessages = &dropped.Add({{"what", "message"}});
    m_droppedSubscribers = &dropped.Add({{"what", "subscriber"}});
    auto &resyncs = prometheus::BuildCounter()
                        .Name("boxoffice_push_resyncs_total")
                        .Help("Resync messages sent, by reason.")
                        .Register(registry);
    m_resyncs[0] = &resyncs.Add({{"reason", "feed_interrupted"}});
    m_resyncs[1] = &resyncs.Add({{"reason", "overflow"}});
    m_resyncs[2] = &resyncs.Add({{"reason", "gap"}});
}

void PushMetrics::subscriberAdded(Transport transport)
{
    m_subscribers[transport == Transport::WebSocket ? 0 : 1]->Increment();
}

void PushMetrics::subscriberRemoved(Transport transport)
{
    m_subscribers[transport == Transport::WebSocket ? 0 : 1]->Decrement();
}

void PushMetrics::countMessage()
{
    m_messages->Increment();
}

void PushMetrics::countCoalesced()
{
    m_coalesced->Increment();
}

void PushMetrics::countDroppedMessage()
{
    m_droppedMessages->Increment();
}

void PushMetrics::countDroppedSubscriber()
{
    m_droppedSubscribers->Increment();
}

void PushMetrics::countResync(const char *reason)
{
    if (std::strcmp(reason, "feed_interrupted") == 0)
        m_resyncs[0]->Increment();
    else if (std::strcmp(reason, "overflow") == 0)
        m_resyncs[1]->Increment();
    else
        m_resyncs[2]->Increment();
}
