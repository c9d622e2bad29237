#pragma once

#include "rawhttpresponse.h"

#include <QByteArray>
#include <QList>
#include <QString>

// Sends raw HTTP requests, one per TCP connection and several connections at a
// time, and keeps every byte the server sent back until it closed the connection,
// so a test can count the answers to one request. Lives on the test thread.
class RawExchange
{
public:
    using Answer = RawHttpResponse;
    struct Outcome
    {
        QByteArray received;
        bool timedOut = false; // the server neither closed nor was done within the timeout
        QString socketError;
        QList<Answer> answers; // every complete HTTP response found in received
        QByteArray leftover;   // bytes after the last complete response
    };

    // Runs all requests against 127.0.0.1:port, at most `concurrency` at a time; the
    // outcomes come in the order of the requests.
    static QList<Outcome> run(const QList<QByteArray> &requests, quint16 port, int concurrency,
                              int timeoutMs);
};
