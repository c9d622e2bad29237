#pragma once

#include <QObject>

class QSocketNotifier;

// Turns SIGINT/SIGTERM into a Qt signal on the main thread (a signal handler
// may only write to a pipe), so shutdown runs in normal code: stop listening,
// finish workers, stop the embedded database.
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

    // True once SIGINT/SIGTERM arrived, for blocking start-up loops that
    // cannot wait for the event loop to deliver terminationRequested().
    static bool terminationPending();

Q_SIGNALS:
    void terminationRequested(int signal);

private:
    QSocketNotifier *m_notifier = nullptr;
};
