#pragma once

#include "metrics/pushmetrics.h"
#include "pushmessages.h"
#include "pushsubscription.h"

#include <QObject>
#include <QTimer>

// The messages one event becomes, made once for all subscribers that get it
// as it is (only a subscriber that may see part of a bookings event gets a
// message of its own).
class PushMessageCache
{
public:
    explicit PushMessageCache(const ChangeEvent &event) : m_event(event) {}
    const ChangeEvent &event() const { return m_event; }
    const PushMessage &whole();

private:
    const ChangeEvent &m_event;
    std::optional<PushMessage> m_whole;
};

// One subscriber of live push, over either transport. Owns the rules every
// subscriber shares: what it hears of (its PushSubscription) and the bounded
// queue. The queue is what its socket has not sent yet; past kMaxQueuedBytes
// nothing more is queued but one resync message, and a subscriber that has
// not read its way below kResumeBelowBytes within kDropAfterMs is cut off, so
// one that does not read costs a bounded amount of memory and never holds up
// the others. Before judging, the socket is flushed: a burst of events written
// in one turn of the event loop is still in Qt's buffer, not the client's fault.
//
// Lives on the HTTP (main) thread, with its socket.
class PushSubscriber : public QObject
{
    Q_OBJECT
public:
    static constexpr qint64 kMaxQueuedBytes = 256 * 1024;
    static constexpr qint64 kResumeBelowBytes = 64 * 1024;
    static constexpr int kDropAfterMs = 10000;

    PushSubscriber(PushMetrics::Transport transport, const PushSubscription &subscription,
                   QObject *parent = nullptr);
    ~PushSubscriber() override;

    PushMetrics::Transport transport() const { return m_transport; }
    const PushSubscription &subscription() const { return m_subscription; }
    bool isOverflowed() const { return m_overflowed; }

    // One feed event, if the subscriber asked for it and may see it.
    void deliver(PushMessageCache &cache);
    // Queues a message, or counts it dropped while the queue is full.
    void send(const PushMessage &message);
    // The feed had a gap: re-read everything (unless a resync is already queued).
    void resync(const char *reason);
    // Something to keep idle connections (and proxies) alive.
    virtual void heartbeat() = 0;
    // Ends the subscription: the server stops or drops it.
    virtual void close() = 0;

Q_SIGNALS:
    // The subscriber has gone (its client left or it was cut off).
    void gone(PushSubscriber *subscriber);

protected:
    virtual void write(const PushMessage &message) = 0;
    virtual qint64 unsentBytes() const = 0;
    // Writes what is buffered to the kernel now, as far as it takes it.
    virtual void flush() = 0;
    void setSubscription(const PushSubscription &subscription) { m_subscription = subscription; }

private:
    // Past kMaxQueuedBytes even after a flush.
    bool queueFull();
    void checkQueue();

    PushMetrics::Transport m_transport;
    PushSubscription m_subscription;
    bool m_overflowed = false;
    QTimer m_queueCheck;
    int m_overflowedForMs = 0;
};
