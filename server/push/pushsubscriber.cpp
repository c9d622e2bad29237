#include "pushsubscriber.h"

#include "app/logcategories.h"

#include <QLoggingCategory>

namespace {
// How often a full queue is looked at while its client (maybe) reads.
constexpr int kQueueCheckMs = 250;
} // namespace

const PushMessage &PushMessageCache::whole()
{
    if (!m_whole) {
        switch (m_event.kind) {
        case ChangeEvent::Kind::Show:
            m_whole = PushMessages::show(m_event);
            break;
        case ChangeEvent::Kind::Bookings:
            m_whole = PushMessages::bookings(m_event, m_event.bookings);
            break;
        case ChangeEvent::Kind::Flag:
            m_whole = PushMessages::flag(m_event);
            break;
        case ChangeEvent::Kind::Seats:
            m_whole = PushMessages::seats(m_event);
            break;
        }
    }
    return *m_whole;
}

PushSubscriber::PushSubscriber(PushMetrics::Transport transport,
                               const PushSubscription &subscription, QObject *parent)
    : QObject(parent), m_transport(transport), m_subscription(subscription)
{
    m_queueCheck.setInterval(kQueueCheckMs);
    connect(&m_queueCheck, &QTimer::timeout, this, &PushSubscriber::checkQueue);
    PushMetrics::instance().subscriberAdded(m_transport);
}

PushSubscriber::~PushSubscriber()
{
    PushMetrics::instance().subscriberRemoved(m_transport);
}

void PushSubscriber::deliver(PushMessageCache &cache)
{
    const ChangeEvent &event = cache.event();
    switch (event.kind) {
    case ChangeEvent::Kind::Show:
        if (m_subscription.wantsShow(event.show.id))
            send(cache.whole());
        return;
    case ChangeEvent::Kind::Flag:
        if (m_subscription.wantsFlags())
            send(cache.whole());
        return;
    case ChangeEvent::Kind::Seats:
        // Seat states are as public as a show's counts (docs/api.md, "Who sees what").
        if (m_subscription.wantsShow(event.seatsShowId))
            send(cache.whole());
        return;
    case ChangeEvent::Kind::Bookings:
        if (m_subscription.seesEveryBooking()) {
            send(cache.whole());
            return;
        }
        const QList<BookingChange> shown = m_subscription.visible(event.bookings);
        if (shown.size() == event.bookings.size())
            send(cache.whole());
        else if (!shown.isEmpty())
            send(PushMessages::bookings(event, shown));
        return;
    }
}

void PushSubscriber::send(const PushMessage &message)
{
    if (m_overflowed) {
        PushMetrics::instance().countDroppedMessage();
        return;
    }
    if (queueFull()) {
        PushMetrics::instance().countDroppedMessage();
        resync("overflow");
        return;
    }
    write(message);
    PushMetrics::instance().countMessage();
}

void PushSubscriber::resync(const char *reason)
{
    if (m_overflowed)
        return; // the one resync it will get is queued already
    write(PushMessages::resync(QString::fromLatin1(reason)));
    PushMetrics::instance().countResync(reason);
    PushMetrics::instance().countMessage();
    if (queueFull()) {
        m_overflowed = true;
        m_overflowedForMs = 0;
        m_queueCheck.start();
    }
}

bool PushSubscriber::queueFull()
{
    if (unsentBytes() <= kMaxQueuedBytes)
        return false;
    flush();
    return unsentBytes() > kMaxQueuedBytes;
}

void PushSubscriber::checkQueue()
{
    flush();
    if (unsentBytes() < kResumeBelowBytes) {
        // It read up to its resync: it will re-read its state and go on.
        m_overflowed = false;
        m_queueCheck.stop();
        return;
    }
    m_overflowedForMs += kQueueCheckMs;
    if (m_overflowedForMs < kDropAfterMs)
        return;
    qCInfo(lcHttp) << "cutting off a push subscriber that does not read";
    m_queueCheck.stop();
    PushMetrics::instance().countDroppedSubscriber();
    close();
}
