#pragma once

#include "apiresponse.h"

#include <QFuture>

class FlagSnapshot;
class Router;
struct ApiRequest;

// GET /flags/evaluate?subject=ID: every flag's value for one subject (absent
// flags left out), answered from this server's live snapshot with a ready
// future: no database query and no queue slot. Lives on the HTTP thread.
class FlagEvaluationController
{
public:
    explicit FlagEvaluationController(const FlagSnapshot &snapshot) : m_snapshot(snapshot) {}
    void registerRoutes(Router &router);

    QFuture<ApiResponse> evaluate(const ApiRequest &request);

private:
    const FlagSnapshot &m_snapshot;
};
