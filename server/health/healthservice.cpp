#include "healthservice.h"

#include "db/sqlrunner.h"

namespace {
const QString kPing = QStringLiteral("SELECT 1");
} // namespace

Result<HealthService::Healthy> HealthService::check()
{
    SqlRunner sql(m_session);
    if (sql.exec(kPing, {}, SqlRunner::Kind::Read))
        return Healthy{};
    return Result<Healthy>::failure(ErrorCode::DatabaseUnavailable,
                                    QStringLiteral("The database is unavailable."),
                                    {{QStringLiteral("status"), QStringLiteral("unavailable")},
                                     {QStringLiteral("database"), QStringLiteral("unreachable")}});
}
