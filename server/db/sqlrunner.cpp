#include "sqlrunner.h"

#include "metrics/servermetrics.h"
#include "app/logcategories.h"

#include <QLoggingCategory>
#include <QSqlError>

namespace {
SqlFailure classify(const QString &sqlState)
{
    // No SQLSTATE means libpq itself failed: the socket is closed or broken.
    // 57014: statement_timeout cancelled it - an overloaded or stuck database.
    if (sqlState.isEmpty() || sqlState.startsWith(QLatin1String("08")) ||
        sqlState.startsWith(QLatin1String("57P")) || sqlState == QLatin1String("57014"))
        return SqlFailure::ConnectionLost;
    if (sqlState == QLatin1String("23505"))
        return SqlFailure::UniqueViolation;
    return SqlFailure::Other;
}

bool isRetryableConflict(const QString &sqlState)
{
    return sqlState == QLatin1String("40001") || sqlState == QLatin1String("40P01");
}
} // namespace

QSqlQuery *SqlRunner::exec(const QString &sql, const QVariantList &binds, Kind kind)
{
    QSqlQuery *query = execOnce(sql, binds);
    // Inside a transaction a failed statement has aborted it (or lost its
    // connection): only the whole transaction could be retried.
    if (!query && !m_session.inTransaction() &&
        (isRetryableConflict(m_sqlState) ||
         (kind == Kind::Read && m_failure == SqlFailure::ConnectionLost)))
        query = execOnce(sql, binds);
    return query;
}

QSqlQuery *SqlRunner::execOnce(const QString &sql, const QVariantList &binds)
{
    m_failure = SqlFailure::None;
    m_sqlState.clear();
    m_errorText.clear();
    if (!m_session.ensureOpen()) {
        m_failure = SqlFailure::ConnectionLost;
        m_errorText = m_session.lastError();
        // libpq names no SQLSTATE for a connection it could not make; it is
        // class 08 (connection exception) all the same.
        ServerMetrics::instance().countDatabaseError(QStringLiteral("08"));
        return nullptr;
    }
    QSqlQuery *query = m_session.prepared(sql);
    if (query) {
        for (int i = 0; i < binds.size(); ++i)
            query->bindValue(i, binds.at(i));
        if (query->exec())
            return query;
        m_sqlState = query->lastError().nativeErrorCode();
        m_errorText = query->lastError().text();
    } else {
        m_sqlState = m_session.lastSqlError().nativeErrorCode();
        m_errorText = m_session.lastError();
    }
    m_failure = classify(m_sqlState);
    ServerMetrics::instance().countDatabaseError(m_sqlState);
    if (m_failure == SqlFailure::ConnectionLost) {
        qCWarning(lcDb) << "database connection lost:" << m_errorText;
        m_session.reset();
    } else if (m_failure == SqlFailure::Other) {
        qCWarning(lcDb) << "statement failed" << m_sqlState << m_errorText;
    }
    return nullptr;
}

DomainError SqlRunner::toDomainError() const
{
    if (m_failure == SqlFailure::ConnectionLost)
        return {ErrorCode::DatabaseUnavailable,
                QStringLiteral("The database is unavailable; try again shortly."),
                {}};
    if (isRetryableConflict(m_sqlState))
        return {ErrorCode::Conflict,
                QStringLiteral("A concurrent change got in the way twice; try again."),
                {}};
    return {ErrorCode::Internal, QStringLiteral("Internal error."), {}};
}
