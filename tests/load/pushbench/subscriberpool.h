#pragma once

#include "benchsubscriber.h"

#include <QObject>

#include <vector>

// N subscribers on one instance, opened a few at a time (a burst of thousands
// of connects would overflow the server's listen backlog and measure SYN
// retries instead), each counted once it got its hello. Lives on the main thread.
class SubscriberPool : public QObject
{
    Q_OBJECT
public:
    static constexpr int kOpeningAtOnce = 64;

    SubscriberPool(PushTransport transport, const QUrl &baseUrl, qint64 showId, int count,
                   QObject *parent = nullptr);

    // Opens them all; emits settled() when every one is ready or has failed.
    void open();
    void closeAll();

    const std::vector<BenchSubscriber *> &subscribers() const { return m_subscribers; }
    int readyCount() const { return m_ready; }
    int failedCount() const { return m_failed; }
    // How many are still connected now (a server may drop idle ones).
    int openCount() const;
    // The first failure's reason, for the report.
    QString firstFailure() const;

Q_SIGNALS:
    void settled();

private:
    void openMore();
    void onDone();

    std::vector<BenchSubscriber *> m_subscribers;
    size_t m_next = 0;
    int m_opening = 0;
    int m_ready = 0;
    int m_failed = 0;
};
