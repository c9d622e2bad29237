#pragma once

#include <QByteArray>
#include <QHash>
#include <QMutex>
#include <QString>

#include <memory>

namespace prometheus {
class Counter;
class Gauge;
class Histogram;
class Registry;
template <typename T> class Family;
} // namespace prometheus
class ProcessMetrics;

// What became of a booking, for boxoffice_bookings_total{outcome}.
enum class BookingOutcome
{
    Held,
    RefusedSeats, // refused because the show had too few seats left
    Confirmed,
    Cancelled,
    Expired,
};

// The process's Prometheus metrics (names and labels in docs/api.md, "Metrics"):
// one registry for the whole server, so any layer can count without being
// handed an object, and GET /metrics serialises it in the text format 0.0.4.
//
// Thread-safe: the counters, gauges and histograms are prometheus-cpp's (atomic);
// the labelled ones are looked up once per label set and cached under a mutex,
// so a hot path pays one hash lookup, never a walk of the family.
class ServerMetrics
{
public:
    static ServerMetrics &instance();

    // One answered (or dropped) HTTP request; route is the pattern or "unmatched".
    void countRequest(const QString &method, const QString &route, int status, double seconds);
    void countDroppedResponse();
    void connectionOpened();
    void connectionClosed();

    void countBooking(BookingOutcome outcome, int count = 1);
    // From a hold's deadline to the commit that released it.
    void observeExpiryLag(double seconds);

    // Group booking: how many requests one batch carried, and batches that
    // failed as a whole and were retried request by request.
    void observeBookingBatch(int entries);
    void countBookingBatchFallback();

    void setQueueDepth(int jobs);
    void observeQueueWait(double seconds);
    void setWorkers(int workers);
    // The first two characters of the SQLSTATE; "unknown" when there is none.
    void countDatabaseError(const QString &sqlState);

    // Every metric in the Prometheus text format 0.0.4.
    QByteArray exposition() const;
    // For metrics of their own (PushMetrics) that go out with these.
    prometheus::Registry &registry() const { return *m_registry; }

    ServerMetrics(const ServerMetrics &) = delete;
    ServerMetrics &operator=(const ServerMetrics &) = delete;

private:
    ServerMetrics();
    ~ServerMetrics();

    struct RequestKey
    {
        QString method;
        QString route;
        int status;
        bool operator==(const RequestKey &other) const = default;
    };
    friend size_t qHash(const RequestKey &key, size_t seed)
    {
        return qHashMulti(seed, key.method, key.route, key.status);
    }

    std::shared_ptr<prometheus::Registry> m_registry;
    prometheus::Family<prometheus::Counter> &m_requests;
    prometheus::Family<prometheus::Histogram> &m_durations;
    prometheus::Family<prometheus::Counter> &m_bookings;
    prometheus::Family<prometheus::Counter> &m_dbErrors;
    prometheus::Gauge &m_openConnections;
    prometheus::Counter &m_droppedResponses;
    prometheus::Histogram &m_expiryLag;
    prometheus::Gauge &m_queueDepth;
    prometheus::Histogram &m_queueWait;
    prometheus::Gauge &m_workers;
    prometheus::Histogram &m_batchSize;
    prometheus::Counter &m_batchFallbacks;
    prometheus::Counter *m_bookingCounters[5] = {};
    std::unique_ptr<ProcessMetrics> m_process; // refreshed at each exposition()

    mutable QMutex m_cacheMutex; // guards the three caches below and m_process
    QHash<RequestKey, prometheus::Counter *> m_requestCounters;
    QHash<QPair<QString, QString>, prometheus::Histogram *> m_durationHistograms;
    QHash<QString, prometheus::Counter *> m_dbErrorCounters;
};
