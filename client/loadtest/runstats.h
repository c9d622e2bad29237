#pragma once

#include "latencyhistogram.h"

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QSet>

// What one engine thread saw; the threads' stats are merged after the run.
struct RunStats
{
    struct Acknowledged
    {
        qint64 bookingId = 0;
        qint64 showId = 0;
        int seats = 0;
    };

    LatencyHistogram latency;
    qint64 requests = 0;
    QMap<int, qint64> statuses;
    QMap<QByteArray, qint64> errorCodes;
    qint64 transportErrors = 0;
    qint64 unexpected = 0;
    qint64 late = 0; // open loop: sent more than 1 ms after their scheduled time
    // Every 201 booking, warm-up included: the database check wants all of them.
    QList<Acknowledged> acknowledged;

    void merge(const RunStats &other)
    {
        latency.merge(other.latency);
        requests += other.requests;
        for (auto it = other.statuses.begin(); it != other.statuses.end(); ++it)
            statuses[it.key()] += it.value();
        for (auto it = other.errorCodes.begin(); it != other.errorCodes.end(); ++it)
            errorCodes[it.key()] += it.value();
        transportErrors += other.transportErrors;
        unexpected += other.unexpected;
        late += other.late;
        acknowledged += other.acknowledged;
    }
};
