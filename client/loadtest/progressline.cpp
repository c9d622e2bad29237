#include "progressline.h"

#include "httpengine.h"

#include <cstdio>

#include <unistd.h>

ProgressLine::ProgressLine(bool wanted) : m_enabled(wanted && isatty(STDERR_FILENO)) {}

void ProgressLine::update(const EngineShared &shared, qint64 nowMicros)
{
    if (!m_enabled)
        return;
    const qint64 answered = shared.answered.load();
    const double interval = m_lastMicros ? double(nowMicros - m_lastMicros) / 1e6 : 0.0;
    const double rate = interval > 0 ? double(answered - m_lastAnswered) / interval : 0.0;
    std::fprintf(stderr, "\r%7.1f s  %10lld requests  %9.0f/s  %8lld errors ",
                 double(nowMicros - shared.startMicros) / 1e6, static_cast<long long>(answered),
                 rate, static_cast<long long>(shared.failed.load()));
    std::fflush(stderr);
    m_lastAnswered = answered;
    m_lastMicros = nowMicros;
}

void ProgressLine::finish()
{
    if (m_enabled)
        std::fputs("\n", stderr);
}
