#pragma once

#include "databasesettings.h"

#include <QAtomicInt>
#include <QObject>
#include <QSqlDriver>
#include <QStringList>

#include <memory>

class DatabaseSession;
class QTimer;

// The server's one LISTEN connection, shared by everything that reacts to
// NOTIFY (hold expiry today; feature flags and live push next). Subscribers
// name a channel; the hub LISTENs on it and passes every notification on.
// QPSQL does not notice when a listening backend dies (no signal, only
// isOpen() turning false; see docs/design.md), so the hub pings every 2 s,
// reconnects with backoff, LISTENs again on every channel and then tells the
// subscribers to re-read their state: whatever was announced in the gap is lost.
//
// Threads: the hub lives on a thread of its own (create it, moveToThread(),
// then invoke start()), so that no slow query elsewhere delays a notification
// or the liveness check. subscribe() may be called from any thread, before or
// after start(). Callbacks run on the thread of their context object: directly
// on the hub's thread if the context lives there, otherwise queued to the
// context's thread (Qt::AutoConnection), in the order the hub received them.
class NotificationHub : public QObject
{
    Q_OBJECT
public:
    explicit NotificationHub(const DatabaseSettings &settings, QObject *parent = nullptr);
    ~NotificationHub() override;

    // onNotification(const QString &payload) runs for each NOTIFY on the
    // channel. onResynchronise() runs once LISTEN on the channel is in place
    // (so a new subscriber reads its initial state without a race), and again
    // after every reconnect. Both stop when context is destroyed. A subscriber
    // must treat both as hints: a resynchronise may come more than once.
    template <typename OnNotification, typename OnResynchronise>
    void subscribe(const QString &channel, const QObject *context, OnNotification onNotification,
                   OnResynchronise onResynchronise)
    {
        // Connected before the channel is added, so the first resynchronise is never missed.
        connect(this, &NotificationHub::notified, context,
                [channel, onNotification](const QString &name, const QString &payload) {
                    if (name == channel)
                        onNotification(payload);
                });
        connect(this, &NotificationHub::resynchronised, context,
                [channel, onResynchronise](const QStringList &channels) {
                    if (channels.contains(channel))
                        onResynchronise();
                });
        addChannel(channel);
    }

    // Whether LISTEN is in place on a connection that was alive at the last
    // check. Any thread.
    bool isListening() const { return m_listening.loadAcquire() != 0; }

public Q_SLOTS:
    void start();

Q_SIGNALS:
    void notified(const QString &channel, const QString &payload);
    // LISTEN on these channels was just (re)established; anything sent to them
    // before may have been missed.
    void resynchronised(const QStringList &channels);
    // The connection was found dead; reconnecting follows.
    void connectionLost();

private:
    void addChannel(const QString &channel);
    void listenOn(const QString &channel);
    void checkConnection();
    void reconnect();
    bool connectAndListen();
    bool subscribeDriver(const QString &channel);
    bool listening() const;
    void onNotification(const QString &name, QSqlDriver::NotificationSource source,
                        const QVariant &payload);
    void setListening(bool listening);

    DatabaseSettings m_settings;
    std::unique_ptr<DatabaseSession> m_session;
    QTimer *m_healthTimer = nullptr;
    QTimer *m_retryTimer = nullptr;
    QStringList m_channels;            // on the hub's thread only
    quint64 m_listeningGeneration = 0; // the connection generation our LISTENs are on; 0 = none
    int m_retryDelayMs = 0;
    QAtomicInt m_listening;
};
