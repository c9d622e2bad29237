#pragma once

#include "pushsubscription.h"

#include <QObject>
#include <QSet>
#include <QTimer>

class ChangeFeed;
class PushSubscriber;
class WebSocketSubscriber;
struct ChangeEvent;

// Live push's subscribers on this instance, and the fan-out of the change
// feed to them: each published event is turned into its message once and
// queued to every subscriber that wants it and may see it (PushSubscriber
// bounds each queue, so a slow one never holds up the others). Subscribers
// join with attach(); a WebSocket subscriber may re-subscribe, and one that
// gives the number of the last event it got is sent what it missed, or a
// resync when that is no longer known.
//
// Lives on the HTTP (main) thread.
class PushHub : public QObject
{
    Q_OBJECT
public:
    // Beyond this many subscribers a new one is refused (503 server_busy).
    static constexpr int kMaxSubscribers = 10000;
    // SSE comments and WebSocket pings, so that idle connections stay open
    // through proxies and dead ones are found.
    static constexpr int kHeartbeatMs = 15000;

    explicit PushHub(ChangeFeed &feed, QObject *parent = nullptr);
    ~PushHub() override;

    bool isFull() const { return m_subscribers.size() >= kMaxSubscribers; }
    int subscriberCount() const { return int(m_subscribers.size()); }

    // Takes in a new subscriber: hello, then what it missed since `since`
    // (0: nothing to replay; the client reads its state after the hello).
    void attach(PushSubscriber *subscriber, qint64 since);
    // Ends every subscription: the server stops.
    void closeAll();

private:
    void publish(const ChangeEvent &event);
    void replay(PushSubscriber *subscriber, qint64 since);
    void onSubscribeAsked(WebSocketSubscriber *subscriber, qint64 since);
    void onGone(PushSubscriber *subscriber);
    void resyncAll();
    void heartbeat();
    template <typename Action>
    void forEachSubscriber(Action action);

    ChangeFeed &m_feed;
    QSet<PushSubscriber *> m_subscribers;
    QTimer m_heartbeat;
};
