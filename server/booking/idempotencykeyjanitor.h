#pragma once

#include <QObject>

#include <chrono>

class QTimer;

// Deletes Idempotency-Keys older than 24 hours, once at start and then on its
// own schedule (every minute), so that keys are purged even on a server whose
// holds are all confirmed and never expire.
//
// Runs its statement on the DatabaseSession of the thread it lives on (the
// expiry thread in the server); create it, moveToThread(), then invoke start().
class IdempotencyKeyJanitor : public QObject
{
    Q_OBJECT
public:
    static constexpr std::chrono::milliseconds kDefaultInterval = std::chrono::minutes(1);
    // Keys only matter for retries of recent requests.
    static constexpr std::chrono::seconds kMaxKeyAge = std::chrono::hours(24);

    explicit IdempotencyKeyJanitor(std::chrono::milliseconds interval = kDefaultInterval,
                                   QObject *parent = nullptr);

public Q_SLOTS:
    void start();
    void purge();

Q_SIGNALS:
    // After each purge that reached the database, with the number of keys deleted.
    void purged(int count);

private:
    std::chrono::milliseconds m_interval;
    QTimer *m_timer = nullptr;
};
