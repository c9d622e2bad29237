#include "clockoffsetestimator.h"

#include <algorithm>

namespace {
constexpr qint64 kDateResolutionMs = 1000;
}

ClockOffsetEstimator::ClockOffsetEstimator(int windowSize) : m_windowSize(std::max(1, windowSize))
{
}

ClockOffsetEstimator::Bounds ClockOffsetEstimator::boundsOf(const Sample &sample)
{
    const qint64 received = std::max(sample.receivedMs, sample.sentMs);
    return {sample.serverDateMs - received,
            sample.serverDateMs + kDateResolutionMs - sample.sentMs};
}

void ClockOffsetEstimator::addSample(const Sample &sample)
{
    m_samples.push_back(sample);
    while (int(m_samples.size()) > m_windowSize)
        m_samples.pop_front();
    recompute();
}

void ClockOffsetEstimator::recompute()
{
    // Newest sample always wins a contradiction: it describes the clocks as they are now.
    for (;;) {
        Bounds bounds = boundsOf(m_samples.back());
        for (const Sample &sample : m_samples) {
            const Bounds b = boundsOf(sample);
            bounds.lower = std::max(bounds.lower, b.lower);
            bounds.upper = std::min(bounds.upper, b.upper);
        }
        if (bounds.lower <= bounds.upper || m_samples.size() == 1) {
            m_bounds = bounds;
            return;
        }
        m_samples.pop_front();
    }
}

void ClockOffsetEstimator::reset()
{
    m_samples.clear();
    m_bounds = {0, 0};
}

qint64 ClockOffsetEstimator::offsetMs() const
{
    if (m_samples.empty())
        return 0;
    return m_bounds.lower + (m_bounds.upper - m_bounds.lower) / 2;
}

qint64 ClockOffsetEstimator::uncertaintyMs() const
{
    if (m_samples.empty())
        return 0;
    return (m_bounds.upper - m_bounds.lower + 1) / 2;
}
