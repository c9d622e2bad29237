#pragma once

#include "databasesession.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QThreadPool>

#include <atomic>
#include <chrono>
#include <concepts>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>
#include <type_traits>
#include <vector>

// The worker pool that runs all database work, so no event-loop thread ever
// waits on PostgreSQL. Each pool thread owns its own connection
// (DatabaseSession::forCurrentThread); threads never expire, so connections and
// their prepared statements live as long as the server.
//
// Work waits in a bounded FIFO queue of our own (the pool's internal queue is
// unbounded and cannot drop anything): over the bound, work is refused at once;
// work that waited longer than the queue timeout, or whose caller has gone, is
// dropped without running. A dropped job still completes its future, with the
// value its caller chose for "not run" (see run()), so every caller gets
// exactly one answer and no SQL ran for it.
//
// Thread-safe: run() may be called from any thread. The sweeper thread only
// rejects jobs whose deadline passed while every worker was busy, so a client
// hears "busy" at its deadline rather than whenever a worker frees up.
//
// Every future run() returns is finished on the executor's home thread (the
// one that created it, the HTTP thread in the server), through its event loop:
// a worker or the sweeper stores the result and hands the finish over. Qt
// 6.4.2's QFuture::then() is unsafe on a future another thread is finishing at
// that moment: setContinuation() sees it finished, runs the continuation
// inline and then stores it anyway, and the finishing thread's
// runContinuation() can pick up that stored copy and run it a second time,
// with its QPromise already moved out (a SIGSEGV in reportStarted(); Qt fixed
// it later with a continuationExecuted flag). Finishing on the one thread that
// attaches continuations makes that interleaving impossible, for every .then()
// in the chain (see docs/design.md, "Qt 6.4 futures"). So: attach
// continuations on the home thread, keep its event loop running while work is
// in flight, and destroy the executor on that thread.
class DbExecutor
{
public:
    struct Options
    {
        int threads = 8;
        // Enough to ride out a burst of a few hundred requests at a few
        // milliseconds each; beyond that a queued request would wait for
        // seconds, and the client is better told to retry.
        int maxQueued = 1000;
        std::chrono::milliseconds queueTimeout{5000};
    };

    // Why work was not run.
    enum class Rejection
    {
        QueueFull,   // refused at once: maxQueued jobs were already waiting
        TimedOut,    // waited longer than queueTimeout
        Abandoned,   // the caller said it no longer wants the result
        ShuttingDown // the executor was destroyed before a worker reached it
    };

    // What a caller hands in with its work: a flag it may set when it no
    // longer wants the result (an HTTP client that hung up). Null = always wanted.
    struct Ticket
    {
        std::shared_ptr<const std::atomic<bool>> abandoned;
    };

    struct Counters
    {
        quint64 ran = 0;
        quint64 refused = 0;   // QueueFull
        quint64 timedOut = 0;  // TimedOut
        quint64 abandoned = 0; // Abandoned and ShuttingDown
        quint64 dropped() const { return refused + timedOut + abandoned; }
    };

    explicit DbExecutor(Options options);
    explicit DbExecutor(int threads) : DbExecutor(Options{threads}) {}
    ~DbExecutor();
    DbExecutor(const DbExecutor &) = delete;
    DbExecutor &operator=(const DbExecutor &) = delete;

    // Runs work(DatabaseSession &) on a worker and returns its result; when the
    // work is not run, the future carries onRejected(Rejection) instead.
    template <typename Work, typename OnRejected>
    auto run(Ticket ticket, Work work, OnRejected onRejected)
        -> QFuture<std::invoke_result_t<Work &, DatabaseSession &>>
    {
        using T = std::invoke_result_t<Work &, DatabaseSession &>;
        auto promise = std::make_shared<QPromise<T>>();
        QFuture<T> future = promise->future();
        promise->start();
        auto job = std::make_unique<Job>();
        job->abandoned = std::move(ticket.abandoned);
        job->run = [this, promise, work = std::move(work)](DatabaseSession &session) mutable {
            promise->addResult(work(session));
            finishAtHome([promise] { promise->finish(); });
        };
        job->reject = [this, promise, onRejected = std::move(onRejected)](Rejection why) mutable {
            promise->addResult(onRejected(why));
            finishAtHome([promise] { promise->finish(); });
        };
        enqueue(std::move(job));
        return future;
    }

    // The same for work that returns a Result<X>: work not run becomes the
    // DomainError busyError() (server_busy, which HTTP answers with 503 and
    // Retry-After).
    template <typename Work>
    requires std::constructible_from<std::invoke_result_t<Work &, DatabaseSession &>, DomainError>
    auto run(Ticket ticket, Work work)
    {
        using T = std::invoke_result_t<Work &, DatabaseSession &>;
        return run(std::move(ticket), std::move(work),
                   [](Rejection why) { return T(busyError(why)); });
    }

    static DomainError busyError(Rejection why);

    int threads() const { return m_pool.maxThreadCount(); }
    const Options &options() const { return m_options; }
    Counters counters() const;
    // Jobs waiting for a worker right now.
    int queued() const;

private:
    using Clock = std::chrono::steady_clock;
    struct Job
    {
        Clock::time_point deadline;
        std::shared_ptr<const std::atomic<bool>> abandoned;
        std::function<void(DatabaseSession &)> run;
        std::function<void(Rejection)> reject;
    };

    void enqueue(std::unique_ptr<Job> job);
    void runNext();
    void sweep(std::stop_token stop);
    void drop(Job &job, Rejection why);
    // Runs finish now on the home thread, else hands it to the home thread.
    void finishAtHome(std::function<void()> finish);
    void runHandedOverFinishes();

    const Options m_options;
    mutable std::mutex m_mutex;
    std::condition_variable_any m_queueChanged;
    std::deque<std::unique_ptr<Job>> m_queue; // oldest first, so deadlines ascend
    bool m_stopping = false;
    std::atomic<quint64> m_ran{0};
    std::atomic<quint64> m_refused{0};
    std::atomic<quint64> m_timedOut{0};
    std::atomic<quint64> m_abandoned{0};
    std::mutex m_finishMutex;
    std::vector<std::function<void()>> m_handedOver; // finishes waiting for the home thread
    bool m_handOverPosted = false;
    QObject m_home; // lives on the home thread; destroyed after the pool, with its posted event
    QThreadPool m_pool;
    std::jthread m_sweeper; // last: it starts after, and stops before, everything above
};
