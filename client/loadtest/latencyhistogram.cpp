#include "latencyhistogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

int LatencyHistogram::bucketOf(qint64 micros)
{
    if (micros < kLinear)
        return int(std::max<qint64>(micros, 0));
    const int msb = 63 - std::countl_zero(quint64(micros)); // >= 7
    const int shift = msb - 6;                                // keeps 7 significant bits
    const int bucket = kLinear + (shift - 1) * kPerOctave + int((micros >> shift) - kPerOctave);
    return std::min(bucket, kBuckets - 1);
}

qint64 LatencyHistogram::upperEdge(int bucket)
{
    if (bucket < kLinear)
        return bucket;
    const int shift = (bucket - kLinear) / kPerOctave + 1;
    const qint64 mantissa = (bucket - kLinear) % kPerOctave + kPerOctave;
    return ((mantissa + 1) << shift) - 1;
}

void LatencyHistogram::record(qint64 micros)
{
    ++m_buckets[bucketOf(micros)];
    ++m_count;
    m_max = std::max(m_max, micros);
}

void LatencyHistogram::merge(const LatencyHistogram &other)
{
    for (int i = 0; i < kBuckets; ++i)
        m_buckets[i] += other.m_buckets[i];
    m_count += other.m_count;
    m_max = std::max(m_max, other.m_max);
}

qint64 LatencyHistogram::quantile(double q) const
{
    if (m_count == 0)
        return 0;
    const qint64 rank = std::max<qint64>(1, qint64(std::ceil(q * double(m_count))));
    qint64 seen = 0;
    for (int i = 0; i < kBuckets; ++i) {
        seen += m_buckets[i];
        if (seen >= rank)
            return std::min(upperEdge(i), m_max);
    }
    return m_max;
}
