#pragma once

#include "apiresponse.h"

#include <QFuture>

class FlagSnapshot;
class Router;
struct ApiRequest;

// GET /config: the limits a client needs before it sends anything, so the
// desktop app and web shops validate with the server's numbers instead of
// hard-coded copies. Needs no database: the booking rules in force (built-in
// flags applied) come from the live snapshot, read once per request.
class ConfigController
{
public:
    explicit ConfigController(const FlagSnapshot &snapshot) : m_snapshot(snapshot) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> get(const ApiRequest &request);

private:
    const FlagSnapshot &m_snapshot;
};
