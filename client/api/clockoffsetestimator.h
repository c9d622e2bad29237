#pragma once

#include <QtGlobal>

#include <deque>

// Estimates how far the server's clock is ahead of ours from HTTP Date headers.
//
// A Date header has whole-second resolution, so one sample only says: the
// server's clock read somewhere in [D, D + 1 s) at some instant between our
// send and receive times. The offset (server - local) therefore lies in
//     (D - received, D + 1 s - sent)
// Each sample is such an interval; intersecting the recent ones narrows the
// estimate well below a second because samples land at different sub-second
// phases, and a slow (high round-trip) sample simply adds a wide interval that
// changes nothing. The estimate is the middle of the intersection. With a single
// sample this is the classic "midpoint of send/receive plus half a second".
//
// If a new sample contradicts the older ones (our clock was stepped, or a
// different server answers), the oldest samples are dropped until the rest agree.
// Pure logic, no clock of its own: callers pass times in ms since the epoch.
class ClockOffsetEstimator
{
public:
    struct Sample
    {
        qint64 sentMs = 0;       // local time the request left
        qint64 receivedMs = 0;   // local time the answer arrived
        qint64 serverDateMs = 0; // the Date header, a whole second
    };

    explicit ClockOffsetEstimator(int windowSize = 32);

    void addSample(const Sample &sample);
    void reset();

    bool hasEstimate() const { return !m_samples.empty(); }
    qint64 offsetMs() const;      // server minus local; 0 without samples
    qint64 uncertaintyMs() const; // half the width of the interval the offset lies in
    int sampleCount() const { return int(m_samples.size()); }

private:
    struct Bounds
    {
        qint64 lower;
        qint64 upper;
    };
    static Bounds boundsOf(const Sample &sample);
    void recompute();

    int m_windowSize;
    std::deque<Sample> m_samples;
    Bounds m_bounds{0, 0};
};
