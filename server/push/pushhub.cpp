#include "pushhub.h"

#include "changefeed.h"
#include "pushsubscriber.h"
#include "websocketsubscriber.h"

PushHub::PushHub(ChangeFeed &feed, QObject *parent) : QObject(parent), m_feed(feed)
{
    connect(&m_feed, &ChangeFeed::published, this, &PushHub::publish);
    connect(&m_feed, &ChangeFeed::interrupted, this, &PushHub::resyncAll);
    m_heartbeat.setInterval(kHeartbeatMs);
    connect(&m_heartbeat, &QTimer::timeout, this, &PushHub::heartbeat);
    m_heartbeat.start();
}

PushHub::~PushHub()
{
    // Subscribers outlive nothing of ours but may still say they are gone.
    for (PushSubscriber *subscriber : std::as_const(m_subscribers))
        disconnect(subscriber, nullptr, this, nullptr);
}

void PushHub::attach(PushSubscriber *subscriber, qint64 since)
{
    m_subscribers.insert(subscriber);
    connect(subscriber, &PushSubscriber::gone, this, &PushHub::onGone);
    if (auto *webSocket = qobject_cast<WebSocketSubscriber *>(subscriber))
        connect(webSocket, &WebSocketSubscriber::subscribeAsked, this,
                &PushHub::onSubscribeAsked);
    subscriber->send(PushMessages::hello(m_feed.lastSeq(), subscriber->subscription().describe()));
    if (since > 0)
        replay(subscriber, since);
}

void PushHub::onSubscribeAsked(WebSocketSubscriber *subscriber, qint64 since)
{
    subscriber->send(
        PushMessages::subscribed(m_feed.lastSeq(), subscriber->subscription().describe()));
    if (since > 0)
        replay(subscriber, since);
}

void PushHub::replay(PushSubscriber *subscriber, qint64 since)
{
    const std::optional<QList<ChangeEvent>> missed = m_feed.since(since);
    if (!missed) {
        subscriber->resync("gap");
        return;
    }
    for (const ChangeEvent &event : *missed) {
        PushMessageCache cache(event);
        subscriber->deliver(cache);
    }
}

void PushHub::publish(const ChangeEvent &event)
{
    PushMessageCache cache(event);
    forEachSubscriber([&](PushSubscriber *subscriber) { subscriber->deliver(cache); });
}

void PushHub::resyncAll()
{
    forEachSubscriber([&](PushSubscriber *subscriber) { subscriber->resync("feed_interrupted"); });
}

void PushHub::heartbeat()
{
    forEachSubscriber([&](PushSubscriber *subscriber) { subscriber->heartbeat(); });
}

void PushHub::onGone(PushSubscriber *subscriber)
{
    m_subscribers.remove(subscriber);
}

void PushHub::closeAll()
{
    forEachSubscriber([](PushSubscriber *subscriber) { subscriber->close(); });
}

template <typename Action>
void PushHub::forEachSubscriber(Action action)
{
    // A copy (shared until the set changes): a subscriber may go while it is
    // served, and one that went is not served.
    const QSet<PushSubscriber *> subscribers = m_subscribers;
    for (PushSubscriber *subscriber : subscribers) {
        if (m_subscribers.contains(subscriber))
            action(subscriber);
    }
}
