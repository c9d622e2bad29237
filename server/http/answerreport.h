#pragma once

#include "requestobserver.h"
#include "requesttrace.h"

#include <chrono>
#include <memory>

// What a connection's observers are told about the request being answered,
// gathered when it starts and completed when its answer is written.
struct AnswerReport
{
    FinishedRequest record;
    std::shared_ptr<RequestTrace> trace;
    std::chrono::steady_clock::time_point received;

    // Tells every observer (none: nothing to do).
    void send(const RequestObservers *observers, int status, qint64 bodyBytes, bool dropped);
};
