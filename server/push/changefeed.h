#pragma once

#include "changeevent.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <deque>
#include <optional>

class NotificationHub;

// The change feed as this server instance hears it: every announcement on
// boxoffice_changes (migration 017), parsed, in the order the database
// delivers them (commit order; the same on every instance).
//
// - Coalescing: a show's counts go out at most once per kCoalesceMs. The first
//   change after a quiet spell goes out at once; later ones within the window
//   wait, and only the newest is published when it closes.
// - Memory: the last kRingSize announcements are kept, so that a subscriber
//   that comes back with the number of the last event it got (Last-Event-ID,
//   "since") is sent what it missed, on whichever instance it reconnects to.
// - Gaps: when the LISTEN connection was lost, announcements may be missing;
//   interrupted() tells the subscribers to re-read, and the memory is emptied.
//
// Lives on the HTTP (main) thread; the hub's callbacks are queued to it.
class ChangeFeed : public QObject
{
    Q_OBJECT
public:
    static constexpr int kCoalesceMs = 100;
    static constexpr int kRingSize = 4096;

    explicit ChangeFeed(QObject *parent = nullptr);

    // Starts listening (any time after the hub exists).
    void listenOn(NotificationHub &hub);
    // For tests and tools without a database: as if the hub had delivered it.
    void take(const QByteArray &payload);

    // The number of the last announcement heard (0: none since the start or
    // the last gap).
    qint64 lastSeq() const { return m_lastSeq; }
    // What came after `seq`, the newest counts of each show once (after the
    // rest), and any show update still waiting in its coalescing window;
    // nullopt when seq is not remembered (then: resync).
    std::optional<QList<ChangeEvent>> since(qint64 seq) const;

Q_SIGNALS:
    void published(const ChangeEvent &event);
    void interrupted();

private:
    struct ShowWindow
    {
        qint64 openedAtMs = -1; // when the last update of this show went out
        std::optional<ChangeEvent> waiting;
    };
    void onPayload(const QString &payload);
    void onResynchronised();
    void coalesce(const ChangeEvent &event);
    void flushDue();
    void scheduleFlush();

    std::deque<ChangeEvent> m_ring;
    qint64 m_lastSeq = 0;
    bool m_listening = false;
    QHash<qint64, ShowWindow> m_windows;
    QElapsedTimer m_clock;
    QTimer m_flush;
};
