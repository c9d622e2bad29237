#pragma once

#include "rawexchange.h"

#include <QByteArray>
#include <QList>

// Sends raw HTTP requests the way a slow (or stalled) client does: a few bytes
// at a time with pauses, each on its own connection, all at once, and keeps
// what the server sent back until it closed. Lives on the test thread.
class SlowExchange
{
public:
    struct Request
    {
        QByteArray bytes;
        // Sends the first half only, then nothing: the server must end it (its
        // idle timeout) rather than wait for ever.
        bool stalled = false;
    };

    // Pieces of 1..maxChunk bytes every gapMs; outcomes in the order of the requests.
    static QList<RawExchange::Outcome> run(const QList<Request> &requests, quint16 port,
                                           int maxChunk, int gapMs, int timeoutMs);
};
