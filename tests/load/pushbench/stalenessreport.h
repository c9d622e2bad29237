#pragma once

#include "benchsubscriber.h"

#include <QJsonObject>
#include <QString>

#include <vector>

// How far behind the truth the subscribers were. The k-th acknowledged booking
// (one seat each, one show, no other writers) means the show had at least k
// seats reserved when its 201 arrived at t_k; for each subscriber, staleness_k
// is the first arrival of a show event with reserved_seats >= k, minus t_k.
// Conservative: the change was committed somewhat before its answer left the
// server, and a negative value (the event before the answer) is kept as it is.
struct StalenessReport
{
    // Whole-subscriber figure beside the percentiles: the target.
    static constexpr double kTargetMs = 200.0;

    qint64 samples = 0;
    qint64 missing = 0;      // k never reached a subscriber before it stopped listening
    qint64 beforeAnswer = 0; // staleness <= 0
    double p50Ms = 0, p90Ms = 0, p99Ms = 0, maxMs = 0;
    int subscribers = 0;
    int subscribersWithinTarget = 0; // every staleness of theirs <= kTargetMs, none missing
    double eventsPerSecondMean = 0, eventsPerSecondMin = 0, eventsPerSecondMax = 0;
    qint64 resyncs = 0;
    // The event's "at" (database clock at the announcement, in the writing
    // transaction, so before its commit) to its arrival: ms resolution.
    double announceP50Ms = 0, announceP99Ms = 0, announceMaxMs = 0;

    // acks: arrival times of the 201s in order; [fromMicros, toMicros]: the bookings' run.
    static StalenessReport compute(const std::vector<qint64> &acks,
                                   const std::vector<BenchSubscriber *> &subscribers,
                                   qint64 fromMicros, qint64 toMicros);
    QJsonObject toJson() const;
    QString toText() const;
};
