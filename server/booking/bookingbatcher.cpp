#include "bookingbatcher.h"

#include "groupbookingservice.h"

#include <QMetaObject>
#include <QPointer>

#include <utility>

namespace {
void answer(QPromise<ApiResponse> &promise, ApiResponse response)
{
    promise.addResult(std::move(response));
    promise.finish();
}
} // namespace

BookingBatcher::BookingBatcher(DbExecutor &executor, Options options, QObject *parent)
    : QObject(parent), m_executor(executor), m_options(options), m_overdue(new QTimer(this))
{
    m_overdue->setSingleShot(true);
    connect(m_overdue, &QTimer::timeout, this, &BookingBatcher::dropOverdue);
}

QFuture<ApiResponse> BookingBatcher::submit(DbExecutor::Ticket ticket,
                                            BookingService::BookCommand command,
                                            BookingService::Settings settings, Respond respond)
{
    auto promise = std::make_shared<QPromise<ApiResponse>>();
    QFuture<ApiResponse> future = promise->future();
    promise->start();
    if (int(m_waiting.size()) >= m_options.maxWaiting) {
        answer(*promise, ApiResponse::error(DbExecutor::busyError(DbExecutor::Rejection::QueueFull)));
        return future;
    }
    m_waiting.push_back(Waiting{std::move(ticket),
                                std::chrono::steady_clock::now() +
                                    m_executor.options().queueTimeout,
                                std::move(command), std::move(settings), std::move(respond),
                                promise});
    if (m_inFlight < m_options.maxInFlight)
        scheduleFlush();
    else if (!m_overdue->isActive())
        dropOverdue();
    return future;
}

void BookingBatcher::scheduleFlush()
{
    // At the end of this event-loop turn, so requests read from several
    // connections in the same turn leave together.
    if (std::exchange(m_flushScheduled, true))
        return;
    QMetaObject::invokeMethod(this, [this] { flush(); }, Qt::QueuedConnection);
}

void BookingBatcher::dropOverdue()
{
    const auto now = std::chrono::steady_clock::now();
    // One timeout for all, so the front is always the oldest.
    while (!m_waiting.empty() && m_waiting.front().deadline <= now) {
        answer(*m_waiting.front().promise,
               ApiResponse::error(DbExecutor::busyError(DbExecutor::Rejection::TimedOut)));
        m_waiting.pop_front();
    }
    if (m_waiting.empty())
        return;
    const auto wait = std::chrono::ceil<std::chrono::milliseconds>(m_waiting.front().deadline - now);
    m_overdue->start(int(wait.count()));
}

void BookingBatcher::flush()
{
    m_flushScheduled = false;
    while (m_inFlight < m_options.maxInFlight && !m_waiting.empty())
        dispatch();
}

void BookingBatcher::dispatch()
{
    auto batch = std::make_shared<std::vector<Waiting>>();
    while (!m_waiting.empty() && int(batch->size()) < m_options.maxBatch) {
        Waiting waiting = std::move(m_waiting.front());
        m_waiting.pop_front();
        // A client that hung up gets no seats held for it, as DbExecutor drops its job.
        if (waiting.ticket.abandoned && waiting.ticket.abandoned->load()) {
            answer(*waiting.promise,
                   ApiResponse::error(DbExecutor::busyError(DbExecutor::Rejection::Abandoned)));
            continue;
        }
        batch->push_back(std::move(waiting));
    }
    if (batch->empty())
        return;
    ++m_inFlight;
    QList<GroupBookingService::Entry> entries;
    QList<Respond> responders;
    for (const Waiting &waiting : *batch) {
        entries << GroupBookingService::Entry{waiting.command, waiting.settings};
        responders << waiting.respond;
    }
    QFuture<QList<ApiResponse>> done = m_executor.run(
        DbExecutor::Ticket{},
        [entries = std::move(entries), responders = std::move(responders)](
            DatabaseSession &session) {
            const auto results = GroupBookingService(session).book(entries);
            QList<ApiResponse> responses;
            responses.reserve(results.size());
            for (qsizetype i = 0; i < results.size(); ++i)
                responses << responders[i](results[i]);
            return responses;
        },
        [count = batch->size()](DbExecutor::Rejection why) {
            return QList<ApiResponse>(qsizetype(count),
                                      ApiResponse::error(DbExecutor::busyError(why)));
        });
    // Attached here, on the home thread, where the executor finishes its
    // futures (DbExecutor, "Qt 6.4 futures"), so it runs exactly once, there.
    // The executor may finish it after the batcher is gone (its destructor
    // runs the last finishes): every request is still answered.
    done.then([self = QPointer<BookingBatcher>(this), batch](const QList<ApiResponse> &responses) {
        for (std::size_t i = 0; i < batch->size(); ++i)
            answer(*(*batch)[i].promise, responses.value(qsizetype(i)));
        if (!self)
            return;
        --self->m_inFlight;
        if (!self->m_waiting.empty())
            self->flush();
    });
}
