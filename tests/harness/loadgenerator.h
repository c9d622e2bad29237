#pragma once

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QUrl>

#include <functional>

// Real concurrent HTTP traffic over raw keep-alive TCP connections (QNetworkAccessManager
// allows only six connections per host, far too few to provoke races).
namespace LoadGenerator {

struct Outcome
{
    QMap<int, int> statusCounts; // HTTP status -> number of answers
    QList<QByteArray> bodies;    // in completion order
    int transportErrors = 0;     // connections that failed before all their answers arrived
    int answered() const;
};

// One HTTP/1.1 request as bytes.
QByteArray rawRequest(const QByteArray &method, const QString &path, const QByteArray &body = {},
                      const QList<QPair<QByteArray, QByteArray>> &headers = {});

// Sends `total` requests (built by makeRequest(index)) over `connections`
// parallel keep-alive connections, each sending its next request as soon as
// the previous answer arrived, and waits for all answers (or the timeout).
Outcome run(const QUrl &server, int connections, int total,
            const std::function<QByteArray(int index)> &makeRequest, int timeoutMs = 120000);

// One load of run(), as a value, for runTogether().
struct Load
{
    QUrl server;
    int connections = 1;
    int total = 0;
    std::function<QByteArray(int index)> makeRequest;
};

// Runs several loads at once on this thread (e.g. against two servers): every
// connection of every load connects first, then all send their first request
// together, so no load is done before another has started. One outcome per load.
QList<Outcome> runTogether(const QList<Load> &loads, int timeoutMs = 120000);

// Opens `clients` connections that each send `request` and hang up at once
// without reading the answer. Returns when every one has hung up.
void hangUp(const QUrl &server, int clients, const QByteArray &request, int timeoutMs = 60000);

} // namespace LoadGenerator
