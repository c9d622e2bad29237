#pragma once

#include "bookingservice.h"
#include "db/dbexecutor.h"
#include "http/apiresponse.h"
#include "result.h"

#include <QFuture>
#include <QObject>
#include <QPromise>
#include <QTimer>

#include <chrono>
#include <deque>
#include <functional>
#include <memory>

// Gathers concurrent booking requests into batches for GroupBookingService
// (issue 15). Lives on the executor's home thread (the HTTP thread); every
// call is made there. Adaptive and timer-free: a request submitted while fewer
// than maxInFlight batches run goes out at the end of the current event-loop
// turn (with whatever else arrived in the same turn); otherwise it waits and
// the next batch to leave, when one finishes, takes up to maxBatch waiting
// requests in arrival order. Idle servers book at once; busy ones batch more.
class BookingBatcher : public QObject
{
    Q_OBJECT
public:
    struct Options
    {
        int maxBatch = 256;
        // One: a second batch for the same show would only queue on the first
        // one's row lock, holding back requests that arrived meanwhile, so batches
        // shrink and throughput falls (measured, docs/design.md "Group booking").
        int maxInFlight = 1;
        // Requests waiting here beyond this are refused at once with server_busy.
        int maxWaiting = 4096;
        // A request not sent within the executor's queue timeout is answered
        // server_busy, so a stalled database gives 503s, not answers that come late.
    };
    // Makes the answer for one request; run on the worker, so JSON is built off the HTTP thread.
    using Respond = std::function<ApiResponse(const Result<BookingService::Booked> &)>;

    BookingBatcher(DbExecutor &executor, Options options, QObject *parent = nullptr);

    // One answer per call, always (a dropped, abandoned or refused request
    // gets DbExecutor::busyError's answer).
    QFuture<ApiResponse> submit(DbExecutor::Ticket ticket, BookingService::BookCommand command,
                                BookingService::Settings settings, Respond respond);

    const Options &options() const { return m_options; }

private:
    struct Waiting
    {
        DbExecutor::Ticket ticket;
        std::chrono::steady_clock::time_point deadline; // the executor's queue timeout
        BookingService::BookCommand command;
        BookingService::Settings settings;
        Respond respond;
        std::shared_ptr<QPromise<ApiResponse>> promise;
    };

    void scheduleFlush();
    // Answers waiting requests past their deadline with server_busy (timed out),
    // as the executor does with its own queue, and arms the timer for the next.
    void dropOverdue();
    void flush();
    void dispatch();

    DbExecutor &m_executor;
    Options m_options;
    std::deque<Waiting> m_waiting; // arrival order
    int m_inFlight = 0;
    bool m_flushScheduled = false;
    QTimer *m_overdue; // fires at the oldest waiting request's deadline
};
