#include "healthcontroller.h"

#include "controllersupport.h"
#include "health/healthservice.h"
#include "router.h"

#include <QFuture>

using namespace ControllerSupport;

namespace {
ApiResponse notReady(const QString &reason, const QString &message)
{
    return ApiResponse::error(ErrorCode::NotReady, message,
                              QJsonObject{{QStringLiteral("reason"), reason}});
}
} // namespace

void HealthController::registerRoutes(Router &router)
{
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/health"), Router::Access::Public,
               action(this, &HealthController::check));
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/health/live"),
               Router::Access::Public, action(this, &HealthController::live));
    router.add(QHttpServerRequest::Method::Get, QStringLiteral("/health/ready"),
               Router::Access::Public, action(this, &HealthController::ready));
}

QFuture<ApiResponse> HealthController::check(const ApiRequest &request)
{
    return respond(
        m_executor, request,
        [](DatabaseSession &session) { return HealthService(session).check(); },
        [](const HealthService::Healthy &) {
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                 {QStringLiteral("database"), QStringLiteral("ok")}});
        });
}

QFuture<ApiResponse> HealthController::live(const ApiRequest &)
{
    // Answered on the HTTP thread: that it answers at all is the proof of life.
    return QtFuture::makeReadyFuture(
        ApiResponse::json(200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")}}));
}

QFuture<ApiResponse> HealthController::ready(const ApiRequest &request)
{
    if (m_isDraining && m_isDraining())
        return QtFuture::makeReadyFuture(
            notReady(QStringLiteral("draining"), QStringLiteral("The server is shutting down.")));
    // The same SELECT 1 as GET /health, through the same worker pool: ready
    // means a request would find a worker and a database now. Work refused by
    // a full queue, or dropped after waiting in it, is not ready either; the
    // queue timeout bounds how long a probe can wait.
    enum class Probe
    {
        Answered,
        Unreachable,
        NotRun
    };
    return m_executor
        .run(
            ticket(request),
            [](DatabaseSession &session) {
                return HealthService(session).check().ok() ? Probe::Answered : Probe::Unreachable;
            },
            [](DbExecutor::Rejection) { return Probe::NotRun; })
        .then([](Probe probe) {
            switch (probe) {
            case Probe::Answered:
                break;
            case Probe::Unreachable:
                return notReady(QStringLiteral("database"),
                                QStringLiteral("The database is unavailable."));
            case Probe::NotRun:
                return notReady(QStringLiteral("database"),
                                QStringLiteral("No database worker was free to answer."));
            }
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ready")}});
        });
}
