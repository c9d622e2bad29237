#pragma once

#include "pushprotocol.h"

#include <QByteArray>
#include <QElapsedTimer>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>
#include <QUrl>

class ApiClient;
class QWebSocket;

// The server's live-push feed over a WebSocket (GET /ws, docs/api.md "Live
// push"), opened with the same server, token and certificate rule as the
// ApiClient it follows (it reconnects when they change).
//
// - Live means connected and subscribed: the server has answered our
//   `subscribe` (shows "all", the watched bookings). Until then, and whenever
//   the connection drops, it is not live and the window polls.
// - Reconnects with backoff (0.5 s doubling to 10 s, reset once live again),
//   resuming with `since` = the seq of the last event received, so the server
//   replays what was missed (or says `resync`).
// - A connection that goes silent is given up: the server pings every 15 s, we
//   ping too, and one that has said nothing for 40 s is aborted.
// - The watched bookings are sent as a new `subscribe` when they change, at
//   most a few times a second (the server closes on more than 20 messages a
//   second).
//
// Lives in the GUI thread.
class PushFeed : public QObject
{
    Q_OBJECT
public:
    explicit PushFeed(ApiClient *api, QObject *parent = nullptr);
    ~PushFeed() override;

    // Connects (and keeps reconnecting) until stop().
    void start();
    void stop();

    bool isLive() const { return m_live; }
    // Why the last connection failed or ended ("" while live), for a tooltip.
    QString lastProblem() const { return m_problem; }
    // The seq of the last feed event received (0: none yet).
    qint64 lastSeq() const { return m_lastSeq; }

    // The bookings to hear of (ids; more than the server lists: all it lets us see).
    void setWatchedBookings(const QList<qint64> &ids);

    // For tests: how long between attempts at most / at first.
    void setBackoff(int firstMs, int maxMs);

signals:
    void liveChanged(bool live);
    void showChanged(const Show &show);
    void bookingsChanged(const QList<PushProtocol::BookingStateChange> &changes);
    void flagChanged(const QString &key);
    // Seats of a seated show changed state (held, sold, freed, blocked).
    void seatsChanged(qint64 showId, const QList<Api::SeatStateChange> &changes);
    // What the client holds may be stale (the server said resync): re-read it.
    void resyncRequested();
    // A subscription the server confirmed covers these booking ids, which the
    // one before did not (all of them after a reconnect): events about them
    // before that moment may have been missed, so their state is worth re-reading.
    void bookingsWatchStarted(const QList<qint64> &ids);

private:
    struct Target
    {
        QUrl url;
        QByteArray token;
        QByteArray pin;
        bool operator==(const Target &) const = default;
    };
    Target currentTarget() const;
    void connectNow();
    void onConnected();
    void onDisconnected();
    void onText(const QString &text);
    void handle(const PushProtocol::Message &message);
    void sendSubscribe();
    void scheduleReconnect(const QString &problem);
    void setLive(bool live);
    void checkSilence();
    void dropSocket();

    ApiClient *m_api;
    QPointer<QWebSocket> m_socket;
    Target m_target; // what the open (or opening) connection was made with
    QTimer m_reconnect;
    QTimer m_subscribeDelay;
    QTimer m_heartbeat;
    QElapsedTimer m_sinceHeard;
    int m_firstBackoffMs = 500;
    int m_maxBackoffMs = 10000;
    int m_backoffMs = 500;
    bool m_running = false;
    bool m_live = false;
    bool m_subscribePending = false; // a subscribe is on its way, unanswered
    QString m_problem;
    qint64 m_lastSeq = 0;
    QList<qint64> m_watched;
    QList<qint64> m_sentWatch;     // the ids of the last subscribe sent
    QSet<qint64> m_confirmedWatch; // what the last confirmed subscription covered
};
