#include "healthcontroller.h"

#include "db/sqlrunner.h"
#include "dbexecutor.h"
#include "router.h"

void HealthController::registerRoutes(Router &router)
{
    router.add(
        QHttpServerRequest::Method::Get, QStringLiteral("/health"), Router::Access::Public,
        [this](const ApiRequest &) {
            return m_executor.run([](DatabaseSession &session) {
                SqlRunner sql(session);
                if (sql.exec(QStringLiteral("SELECT 1"), {}, SqlRunner::Kind::Read))
                    return ApiResponse::json(
                        200, QJsonObject{{QStringLiteral("status"), QStringLiteral("ok")},
                                         {QStringLiteral("database"), QStringLiteral("ok")}});
                return ApiResponse::error(
                    ErrorCode::DatabaseUnavailable, QStringLiteral("The database is unavailable."),
                    {{QStringLiteral("status"), QStringLiteral("unavailable")},
                     {QStringLiteral("database"), QStringLiteral("unreachable")}});
            });
        });
}
