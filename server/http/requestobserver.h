#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QList>
#include <QString>

#include <chrono>

// One answered (or dropped) request, as the HTTP layer saw it.
struct FinishedRequest
{
    QByteArray requestId; // also sent back as X-Request-Id
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path;          // as sent, without the query string; for logs, never a metric label
    QString route;         // the matched pattern; empty when no route matched (404, 405, refusals)
    int status = 0;        // what was (or would have been) sent
    qint64 bodyBytes = 0;  // the answer's body; 0 for HEAD and for a stream's later chunks
    std::chrono::nanoseconds duration{0}; // from the request fully read to the answer handed to the socket
    QString clientAddress;
    QString actor;
    bool dropped = false; // the client was gone before its answer could be written
};

// Told about every request once, on the HTTP thread, right after its answer
// was written (or dropped): the access log and the request metrics. Must be
// quick and must not block: it runs between two answers.
class RequestObserver
{
public:
    virtual ~RequestObserver() = default;
    virtual void requestFinished(const FinishedRequest &request) = 0;
};

// The observers of one server, in the order they were added; owned elsewhere.
using RequestObservers = QList<RequestObserver *>;
