#include "subscriberpool.h"

SubscriberPool::SubscriberPool(PushTransport transport, const QUrl &baseUrl, qint64 showId,
                               int count, QObject *parent)
    : QObject(parent)
{
    m_subscribers.reserve(size_t(count));
    for (int i = 0; i < count; ++i) {
        auto *subscriber = new BenchSubscriber(transport, baseUrl, showId, this);
        m_subscribers.push_back(subscriber);
        connect(subscriber, &BenchSubscriber::ready, this, [this] {
            ++m_ready;
            onDone();
        });
        connect(subscriber, &BenchSubscriber::failed, this, [this, subscriber] {
            // A subscriber that fails after its hello is still counted as ready:
            // the report says how many are still open at the end.
            if (subscriber->isReady())
                return;
            ++m_failed;
            onDone();
        });
    }
}

void SubscriberPool::open()
{
    if (m_subscribers.empty()) {
        emit settled();
        return;
    }
    openMore();
}

void SubscriberPool::openMore()
{
    while (m_opening < kOpeningAtOnce && m_next < m_subscribers.size()) {
        ++m_opening;
        m_subscribers[m_next++]->open();
    }
}

void SubscriberPool::onDone()
{
    --m_opening;
    openMore();
    if (m_ready + m_failed == int(m_subscribers.size()))
        emit settled();
}

void SubscriberPool::closeAll()
{
    for (BenchSubscriber *subscriber : m_subscribers)
        subscriber->close();
}

int SubscriberPool::openCount() const
{
    int open = 0;
    for (const BenchSubscriber *subscriber : m_subscribers)
        open += subscriber->isOpen() ? 1 : 0;
    return open;
}

QString SubscriberPool::firstFailure() const
{
    for (const BenchSubscriber *subscriber : m_subscribers) {
        if (!subscriber->failure().isEmpty())
            return subscriber->failure();
    }
    return {};
}
