#include "dbexecutor.h"

#include "app/logcategories.h"
#include "metrics/servermetrics.h"

#include <QLoggingCategory>
#include <QThread>

#include <utility>

namespace {
const char *rejectionName(DbExecutor::Rejection why)
{
    switch (why) {
    case DbExecutor::Rejection::QueueFull:
        return "queue full";
    case DbExecutor::Rejection::TimedOut:
        return "waited past the queue timeout";
    case DbExecutor::Rejection::Abandoned:
        return "abandoned by its caller";
    case DbExecutor::Rejection::ShuttingDown:
        return "shutting down";
    }
    return "unknown";
}

// Every job that leaves the queue, run or dropped, is one queue-wait sample:
// leaving out the dropped ones would hide exactly the waits that were too long.
void observeWait(std::chrono::steady_clock::time_point queuedAt,
                 std::chrono::steady_clock::time_point leftAt)
{
    ServerMetrics::instance().observeQueueWait(
        std::chrono::duration<double>(leftAt - queuedAt).count());
}
} // namespace

DbExecutor::DbExecutor(Options options) : m_options(options)
{
    m_pool.setMaxThreadCount(m_options.threads);
    m_pool.setExpiryTimeout(-1);
    ServerMetrics::instance().setWorkers(m_options.threads);
    m_sweeper = std::jthread([this](std::stop_token stop) { sweep(stop); });
}

DbExecutor::~DbExecutor()
{
    m_sweeper.request_stop();
    if (m_sweeper.joinable())
        m_sweeper.join();
    std::deque<std::unique_ptr<Job>> left;
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        left.swap(m_queue);
        ServerMetrics::instance().setQueueDepth(0);
    }
    const Clock::time_point stoppedAt = Clock::now();
    for (const auto &job : left) {
        observeWait(job->deadline - m_options.queueTimeout, stoppedAt);
        drop(*job, Rejection::ShuttingDown);
    }
    m_pool.waitForDone(); // work already running finishes; its callers get their answers
    runHandedOverFinishes(); // ...here, since the event loop will not deliver them any more
}

DomainError DbExecutor::busyError(Rejection why)
{
    switch (why) {
    case Rejection::QueueFull:
        return {ErrorCode::ServerBusy,
                QStringLiteral("The server is busy; try again in a moment."),
                {}};
    case Rejection::TimedOut:
        return {ErrorCode::ServerBusy,
                QStringLiteral("The server is busy; the request waited too long and was not "
                               "carried out. Try again in a moment."),
                {}};
    case Rejection::Abandoned:
        return {ErrorCode::ServerBusy,
                QStringLiteral("The request was abandoned and not carried out."),
                {}};
    case Rejection::ShuttingDown:
        break;
    }
    return {ErrorCode::ServerBusy,
            QStringLiteral("The server is shutting down; try again in a moment."),
            {}};
}

DbExecutor::Counters DbExecutor::counters() const
{
    return {m_ran.load(), m_refused.load(), m_timedOut.load(), m_abandoned.load()};
}

int DbExecutor::queued() const
{
    std::lock_guard lock(m_mutex);
    return int(m_queue.size());
}

void DbExecutor::enqueue(std::unique_ptr<Job> job)
{
    job->deadline = Clock::now() + m_options.queueTimeout;
    Rejection refusal = Rejection::QueueFull;
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            refusal = Rejection::ShuttingDown;
        else if (int(m_queue.size()) < m_options.maxQueued)
            m_queue.push_back(std::move(job));
        ServerMetrics::instance().setQueueDepth(int(m_queue.size()));
    }
    if (job) {
        drop(*job, refusal);
        return;
    }
    m_queueChanged.notify_all();
    // One pool task per queued job; a task that finds the queue empty (the
    // sweeper took its job) just ends.
    m_pool.start([this] { runNext(); });
}

void DbExecutor::runNext()
{
    std::unique_ptr<Job> job;
    {
        std::lock_guard lock(m_mutex);
        if (m_queue.empty())
            return;
        job = std::move(m_queue.front());
        m_queue.pop_front();
        ServerMetrics::instance().setQueueDepth(int(m_queue.size()));
    }
    const Clock::time_point now = Clock::now();
    observeWait(job->deadline - m_options.queueTimeout, now);
    if (job->abandoned && job->abandoned->load())
        return drop(*job, Rejection::Abandoned);
    if (now >= job->deadline)
        return drop(*job, Rejection::TimedOut);
    job->run(DatabaseSession::forCurrentThread());
    ++m_ran;
}

void DbExecutor::sweep(std::stop_token stop)
{
    std::unique_lock lock(m_mutex);
    while (!stop.stop_requested()) {
        // FIFO with one timeout for all: the front always has the earliest deadline.
        while (!m_queue.empty() && Clock::now() >= m_queue.front()->deadline) {
            std::unique_ptr<Job> job = std::move(m_queue.front());
            m_queue.pop_front();
            ServerMetrics::instance().setQueueDepth(int(m_queue.size()));
            lock.unlock(); // the caller's continuation may run inside reject()
            // Before the answer, so whoever hears "busy" finds the wait counted.
            observeWait(job->deadline - m_options.queueTimeout, Clock::now());
            drop(*job, Rejection::TimedOut);
            lock.lock();
        }
        if (m_queue.empty()) {
            m_queueChanged.wait(lock, stop, [this] { return !m_queue.empty(); });
        } else {
            const Clock::time_point next = m_queue.front()->deadline;
            m_queueChanged.wait_until(lock, stop, next, [this, next] {
                return m_queue.empty() || m_queue.front()->deadline != next || Clock::now() >= next;
            });
        }
    }
}

void DbExecutor::drop(Job &job, Rejection why)
{
    switch (why) {
    case Rejection::QueueFull:
        ++m_refused;
        break;
    case Rejection::TimedOut:
        ++m_timedOut;
        break;
    case Rejection::Abandoned:
    case Rejection::ShuttingDown:
        ++m_abandoned;
        break;
    }
    qCDebug(lcDb).nospace() << "dropped database work (" << rejectionName(why) << "); "
                            << counters().dropped() << " dropped so far";
    job.reject(why);
}

void DbExecutor::finishAtHome(std::function<void()> finish)
{
    // On the home thread (a refusal inside run(), the destructor's drops) the
    // caller has not attached anything yet, or attaches on this very thread.
    if (QThread::currentThread() == m_home.thread()) {
        finish();
        return;
    }
    bool post = false;
    {
        std::lock_guard lock(m_finishMutex);
        m_handedOver.push_back(std::move(finish));
        post = !std::exchange(m_handOverPosted, true);
    }
    // One event carries every finish handed over until it runs.
    if (post)
        QMetaObject::invokeMethod(
            &m_home, [this] { runHandedOverFinishes(); }, Qt::QueuedConnection);
}

void DbExecutor::runHandedOverFinishes()
{
    std::vector<std::function<void()>> finishes;
    {
        std::lock_guard lock(m_finishMutex);
        finishes.swap(m_handedOver);
        m_handOverPosted = false;
    }
    for (const auto &finish : finishes)
        finish(); // continuations attached on this thread run here, exactly once
}
