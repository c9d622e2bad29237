#pragma once

#include <QtGlobal>

struct EngineShared;

// The live "elapsed, requests, rate, errors" line on stderr, rewritten in place once a
// second while the engines run; only when stderr is a terminal. Main thread.
class ProgressLine
{
public:
    explicit ProgressLine(bool wanted);
    bool enabled() const { return m_enabled; }
    void update(const EngineShared &shared, qint64 nowMicros);
    void finish();

private:
    bool m_enabled;
    qint64 m_lastAnswered = 0;
    qint64 m_lastMicros = 0;
};
