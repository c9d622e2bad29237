#pragma once

#include <QtGlobal>

#include <array>

// Latencies in microseconds in HDR-style log-linear buckets: exact below 128 µs, then
// 64 buckets per power of two (under 1.6 % error) up to about 67 s; percentiles
// without keeping every sample. One per engine thread, merged at the end.
class LatencyHistogram
{
public:
    void record(qint64 micros);
    void merge(const LatencyHistogram &other);
    qint64 count() const { return m_count; }
    qint64 max() const { return m_max; }
    // The value at quantile q (0..1) in microseconds: the upper edge of its bucket,
    // capped at the largest sample.
    qint64 quantile(double q) const;

private:
    static constexpr int kLinear = 128;
    static constexpr int kPerOctave = 64;
    static constexpr int kOctaves = 20; // 2^7 .. 2^26 µs
    static constexpr int kBuckets = kLinear + kOctaves * kPerOctave;
    static int bucketOf(qint64 micros);
    static qint64 upperEdge(int bucket);

    std::array<qint64, kBuckets> m_buckets{};
    qint64 m_count = 0;
    qint64 m_max = 0;
};
