#include "servermetrics.h"

#include "processmetrics.h"

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>
#include <prometheus/text_serializer.h>

#include <QMutexLocker>
#include <QtGlobal>

#include <string>

using prometheus::Counter;
using prometheus::Gauge;
using prometheus::Histogram;

namespace {
// 1 ms .. 10 s: from a cached GET to a request that waited out a busy queue.
const Histogram::BucketBoundaries kDurationBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1,
                                                      0.25,  0.5,    1,     2.5,  5,     10};
// The promise is "within a second"; the buckets above it show how badly it was broken.
const Histogram::BucketBoundaries kExpiryLagBuckets = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                                       0.5,   1,    2.5,   5,    10,  30};
// A free worker takes a job in microseconds; the queue timeout is seconds.
const Histogram::BucketBoundaries kQueueWaitBuckets = {0.0001, 0.0005, 0.001, 0.005, 0.01,
                                                       0.05,   0.1,    0.5,   1,     5};

std::string text(const QString &value)
{
    return value.toStdString();
}

const char *outcomeName(BookingOutcome outcome)
{
    switch (outcome) {
    case BookingOutcome::Held:
        return "held";
    case BookingOutcome::RefusedSeats:
        return "refused_seats";
    case BookingOutcome::Confirmed:
        return "confirmed";
    case BookingOutcome::Cancelled:
        return "cancelled";
    case BookingOutcome::Expired:
        return "expired";
    }
    return "unknown";
}
} // namespace

ServerMetrics &ServerMetrics::instance()
{
    // Never destroyed: workers and the expiry thread may still count while
    // static destructors run at exit.
    static ServerMetrics *metrics = new ServerMetrics;
    return *metrics;
}

ServerMetrics::ServerMetrics()
    : m_registry(std::make_shared<prometheus::Registry>()),
      m_requests(prometheus::BuildCounter()
                     .Name("boxoffice_http_requests_total")
                     .Help("HTTP requests answered (or dropped), by method, route pattern and "
                           "status; route is \"unmatched\" when no route matched.")
                     .Register(*m_registry)),
      m_durations(prometheus::BuildHistogram()
                      .Name("boxoffice_http_request_duration_seconds")
                      .Help("From a request fully read to its answer handed to the socket.")
                      .Register(*m_registry)),
      m_bookings(prometheus::BuildCounter()
                     .Name("boxoffice_bookings_total")
                     .Help("Bookings by outcome: held, refused_seats (too few seats left), "
                           "confirmed, cancelled, expired.")
                     .Register(*m_registry)),
      m_dbErrors(prometheus::BuildCounter()
                     .Name("boxoffice_db_errors_total")
                     .Help("Failed database statements and connection attempts, by SQLSTATE "
                           "class (\"unknown\" when the driver gave none).")
                     .Register(*m_registry)),
      m_openConnections(prometheus::BuildGauge()
                            .Name("boxoffice_http_open_connections")
                            .Help("HTTP connections open now.")
                            .Register(*m_registry)
                            .Add({})),
      m_droppedResponses(prometheus::BuildCounter()
                             .Name("boxoffice_http_dropped_responses_total")
                             .Help("Answers not sent because the client had gone.")
                             .Register(*m_registry)
                             .Add({})),
      m_expiryLag(prometheus::BuildHistogram()
                      .Name("boxoffice_hold_expiry_lag_seconds")
                      .Help("From a hold's deadline to its release, on the database clock.")
                      .Register(*m_registry)
                      .Add({}, kExpiryLagBuckets)),
      m_queueDepth(prometheus::BuildGauge()
                       .Name("boxoffice_db_queue_depth")
                       .Help("Database jobs waiting for a worker now.")
                       .Register(*m_registry)
                       .Add({})),
      m_queueWait(prometheus::BuildHistogram()
                      .Name("boxoffice_db_queue_wait_seconds")
                      .Help("How long database jobs waited for a worker.")
                      .Register(*m_registry)
                      .Add({}, kQueueWaitBuckets)),
      m_workers(prometheus::BuildGauge()
                    .Name("boxoffice_db_workers")
                    .Help("Database worker threads, each with its own connection.")
                    .Register(*m_registry)
                    .Add({})),
      m_batchSize(prometheus::BuildHistogram()
                      .Name("boxoffice_booking_batch_size")
                      .Help("Booking requests applied together in one transaction.")
                      .Register(*m_registry)
                      .Add({}, prometheus::Histogram::BucketBoundaries{1, 2, 4, 8, 16, 32, 64,
                                                                       128, 256})),
      m_batchFallbacks(prometheus::BuildCounter()
                           .Name("boxoffice_booking_batch_fallbacks_total")
                           .Help("Booking batches that failed whole and were retried one by one.")
                           .Register(*m_registry)
                           .Add({})),
      m_process(std::make_unique<ProcessMetrics>(*m_registry))
{
    prometheus::BuildGauge()
        .Name("boxoffice_build_info")
        .Help("The server's version and the Qt it runs on; always 1.")
        .Register(*m_registry)
        .Add({{"version", BOXOFFICE_VERSION}, {"qt_version", qVersion()}})
        .Set(1);
    // Every outcome from the start, so a rate over a fresh server is 0, not missing.
    for (auto outcome :
         {BookingOutcome::Held, BookingOutcome::RefusedSeats, BookingOutcome::Confirmed,
          BookingOutcome::Cancelled, BookingOutcome::Expired})
        m_bookingCounters[int(outcome)] = &m_bookings.Add({{"outcome", outcomeName(outcome)}});
    // The classes an operator alerts on (connection, conflicts, operator
    // intervention) from the start too; others appear when they first happen.
    for (const char *sqlClass : {"08", "40", "57"})
        m_dbErrorCounters.insert(QString::fromLatin1(sqlClass),
                                 &m_dbErrors.Add({{"sqlstate_class", sqlClass}}));
}

ServerMetrics::~ServerMetrics() = default;

void ServerMetrics::countRequest(const QString &method, const QString &route, int status,
                                 double seconds)
{
    Counter *counter = nullptr;
    Histogram *histogram = nullptr;
    {
        QMutexLocker lock(&m_cacheMutex);
        const RequestKey key{method, route, status};
        counter = m_requestCounters.value(key);
        if (!counter) {
            counter = &m_requests.Add({{"method", text(method)},
                                       {"route", text(route)},
                                       {"status", std::to_string(status)}});
            m_requestCounters.insert(key, counter);
        }
        const QPair<QString, QString> routeKey(method, route);
        histogram = m_durationHistograms.value(routeKey);
        if (!histogram) {
            histogram = &m_durations.Add({{"method", text(method)}, {"route", text(route)}},
                                         kDurationBuckets);
            m_durationHistograms.insert(routeKey, histogram);
        }
    }
    counter->Increment();
    histogram->Observe(seconds);
}

void ServerMetrics::countDroppedResponse()
{
    m_droppedResponses.Increment();
}

void ServerMetrics::connectionOpened()
{
    m_openConnections.Increment();
}

void ServerMetrics::connectionClosed()
{
    m_openConnections.Decrement();
}

void ServerMetrics::countBooking(BookingOutcome outcome, int count)
{
    m_bookingCounters[int(outcome)]->Increment(count);
}

void ServerMetrics::observeExpiryLag(double seconds)
{
    m_expiryLag.Observe(seconds);
}

void ServerMetrics::observeBookingBatch(int entries)
{
    m_batchSize.Observe(entries);
}

void ServerMetrics::countBookingBatchFallback()
{
    m_batchFallbacks.Increment();
}

void ServerMetrics::setQueueDepth(int jobs)
{
    m_queueDepth.Set(jobs);
}

void ServerMetrics::observeQueueWait(double seconds)
{
    m_queueWait.Observe(seconds);
}

void ServerMetrics::setWorkers(int workers)
{
    m_workers.Set(workers);
}

void ServerMetrics::countDatabaseError(const QString &sqlState)
{
    const QString sqlClass = sqlState.size() >= 2 ? sqlState.left(2) : QStringLiteral("unknown");
    QMutexLocker lock(&m_cacheMutex);
    Counter *counter = m_dbErrorCounters.value(sqlClass);
    if (!counter) {
        counter = &m_dbErrors.Add({{"sqlstate_class", text(sqlClass)}});
        m_dbErrorCounters.insert(sqlClass, counter);
    }
    counter->Increment();
}

QByteArray ServerMetrics::exposition() const
{
    {
        QMutexLocker lock(&m_cacheMutex);
        m_process->refresh();
    }
    const std::string body = prometheus::TextSerializer().Serialize(m_registry->Collect());
    return QByteArray(body.data(), qsizetype(body.size()));
}
