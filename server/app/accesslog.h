#pragma once

#include "http/requestobserver.h"

#include <QString>

class BoxOfficeHttpServer;

// The access log: one info line per request under boxoffice.http.access,
//   GET /shows/3 200 1.8ms id=<request id> route=/shows/:id client=<addr> actor=<actor>
// with " dropped" appended when the client left before its answer. The path
// has no query string, and past kMaxPathLength characters it is cut short;
// headers and bodies are never logged. Empty values are "-". In json mode the
// fields also go to LogFormat as they are.
// Runs on the HTTP thread between two answers, so it builds one string and
// logs it once, and nothing at all when the category's info level is off.
class AccessLog final : public RequestObserver
{
public:
    // Adds the access log to the server's observers. It keeps no state, so
    // one instance serves every server of the process and outlives them.
    static void attachTo(BoxOfficeHttpServer &server);

    void requestFinished(const FinishedRequest &request) override;

    // The path as logged: a client may send 100 KiB of it, a log line should not.
    static QString loggedPath(const QString &path);
    // The text of a request's line.
    static QString line(const FinishedRequest &request, const QString &method, const QString &path);

    static constexpr int kMaxPathLength = 1024;
};
