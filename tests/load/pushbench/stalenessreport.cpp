#include "stalenessreport.h"

#include <QTextStream>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
// The value at quantile q of sorted values (nearest rank).
double quantile(const std::vector<double> &sorted, double q)
{
    if (sorted.empty())
        return 0;
    const auto rank = size_t(std::max(1.0, std::ceil(q * double(sorted.size()))));
    return sorted[std::min(rank, sorted.size()) - 1];
}

double round2(double v)
{
    return std::round(v * 100) / 100;
}
} // namespace

StalenessReport StalenessReport::compute(const std::vector<qint64> &acks,
                                         const std::vector<BenchSubscriber *> &subscribers,
                                         qint64 fromMicros, qint64 toMicros)
{
    StalenessReport report;
    report.subscribers = int(subscribers.size());
    std::vector<double> staleness;
    staleness.reserve(acks.size() * subscribers.size());
    std::vector<double> announce;
    std::vector<double> rates;
    const double seconds = std::max(1e-6, double(toMicros - fromMicros) / 1e6);
    for (const BenchSubscriber *subscriber : subscribers) {
        const std::vector<ShowArrival> &arrivals = subscriber->arrivals();
        report.resyncs += subscriber->resyncs();
        // Counts only grow here (no cancels, no expiry), but the running maximum
        // is what "first event with reserved >= k" means even if one went back.
        size_t next = 0;
        qint64 best = std::numeric_limits<qint64>::min();
        qint64 bestAt = 0;
        double worst = -std::numeric_limits<double>::infinity();
        bool missed = false;
        for (size_t k = 1; k <= acks.size(); ++k) {
            while (best < qint64(k) && next < arrivals.size()) {
                if (arrivals[next].reserved > best) {
                    best = arrivals[next].reserved;
                    bestAt = arrivals[next].micros;
                }
                ++next;
            }
            if (best < qint64(k)) {
                report.missing += qint64(acks.size() - k + 1);
                missed = true;
                break;
            }
            const double ms = double(bestAt - acks[k - 1]) / 1000.0;
            staleness.push_back(ms);
            worst = std::max(worst, ms);
            report.beforeAnswer += ms <= 0 ? 1 : 0;
        }
        if (!missed && worst <= kTargetMs)
            ++report.subscribersWithinTarget;
        qint64 during = 0;
        for (const ShowArrival &arrival : arrivals) {
            if (arrival.micros < fromMicros || arrival.micros > toMicros)
                continue;
            ++during;
            if (arrival.atMs > 0)
                announce.push_back(double(arrival.wallMicros) / 1000.0 - double(arrival.atMs));
        }
        rates.push_back(double(during) / seconds);
    }
    report.samples = qint64(staleness.size());
    std::sort(staleness.begin(), staleness.end());
    report.p50Ms = quantile(staleness, 0.50);
    report.p90Ms = quantile(staleness, 0.90);
    report.p99Ms = quantile(staleness, 0.99);
    report.maxMs = staleness.empty() ? 0 : staleness.back();
    std::sort(announce.begin(), announce.end());
    report.announceP50Ms = quantile(announce, 0.50);
    report.announceP99Ms = quantile(announce, 0.99);
    report.announceMaxMs = announce.empty() ? 0 : announce.back();
    if (!rates.empty()) {
        report.eventsPerSecondMin = *std::min_element(rates.begin(), rates.end());
        report.eventsPerSecondMax = *std::max_element(rates.begin(), rates.end());
        double sum = 0;
        for (double rate : rates)
            sum += rate;
        report.eventsPerSecondMean = sum / double(rates.size());
    }
    return report;
}

QJsonObject StalenessReport::toJson() const
{
    return QJsonObject{
        {QStringLiteral("staleness_ms"),
         QJsonObject{{QStringLiteral("p50"), round2(p50Ms)},
                     {QStringLiteral("p90"), round2(p90Ms)},
                     {QStringLiteral("p99"), round2(p99Ms)},
                     {QStringLiteral("max"), round2(maxMs)},
                     {QStringLiteral("samples"), samples},
                     {QStringLiteral("missing"), missing},
                     {QStringLiteral("before_answer"), beforeAnswer}}},
        {QStringLiteral("subscribers_within_target"), subscribersWithinTarget},
        {QStringLiteral("target_ms"), kTargetMs},
        {QStringLiteral("events_per_subscriber_per_s"),
         QJsonObject{{QStringLiteral("mean"), round2(eventsPerSecondMean)},
                     {QStringLiteral("min"), round2(eventsPerSecondMin)},
                     {QStringLiteral("max"), round2(eventsPerSecondMax)}}},
        {QStringLiteral("announce_to_arrival_ms"),
         QJsonObject{{QStringLiteral("p50"), round2(announceP50Ms)},
                     {QStringLiteral("p99"), round2(announceP99Ms)},
                     {QStringLiteral("max"), round2(announceMaxMs)}}},
        {QStringLiteral("resyncs"), resyncs},
    };
}

QString StalenessReport::toText() const
{
    QString text;
    QTextStream out(&text);
    out << "staleness ms   p50 " << round2(p50Ms) << "  p90 " << round2(p90Ms) << "  p99 "
        << round2(p99Ms) << "  max " << round2(maxMs) << "  (" << samples << " samples, "
        << beforeAnswer << " at or before the answer, " << missing << " never heard)\n";
    out << "subscribers    " << subscribersWithinTarget << " of " << subscribers
        << " always within " << kTargetMs << " ms\n";
    out << "show events/s  per subscriber: mean " << round2(eventsPerSecondMean) << ", min "
        << round2(eventsPerSecondMin) << ", max " << round2(eventsPerSecondMax) << "; resyncs "
        << resyncs << "\n";
    out << "announce->read ms  p50 " << round2(announceP50Ms) << "  p99 " << round2(announceP99Ms)
        << "  max " << round2(announceMaxMs) << "\n";
    return text;
}
