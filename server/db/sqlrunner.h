#pragma once

#include "databasesession.h"
#include "result.h"

#include <QSqlQuery>
#include <QString>
#include <QVariantList>

// How a statement failed, judged by SQLSTATE (never by message text).
enum class SqlFailure
{
    None,
    ConnectionLost,  // the server is gone or restarting: answer 503, reconnect next time
    UniqueViolation, // 23505
    Other,
};

// Runs one prepared statement on the calling thread's session. Serialization
// failures and deadlocks (40001, 40P01) are retried once, as the transaction
// was rolled back and nothing happened. A read is also retried once on a fresh
// connection after a lost one (a restarted database leaves stale sockets); a
// write is not, since it may have been applied. Inside a Transaction nothing
// is retried: the failure ends the transaction, and the caller decides.
class SqlRunner
{
public:
    enum class Kind
    {
        Read,
        Write
    };

    explicit SqlRunner(DatabaseSession &session) : m_session(session) {}

    // Returns the executed query positioned before the first row, or nullptr
    // with failure() and errorText() set.
    QSqlQuery *exec(const QString &sql, const QVariantList &binds, Kind kind);

    SqlFailure failure() const { return m_failure; }
    QString errorText() const { return m_errorText; }
    // What to tell the client: 503 for a lost database, a generic 500 otherwise
    // (SQL text never leaves the server).
    DomainError toDomainError() const;

private:
    QSqlQuery *execOnce(const QString &sql, const QVariantList &binds);

    DatabaseSession &m_session;
    SqlFailure m_failure = SqlFailure::None;
    QString m_sqlState;
    QString m_errorText;
};
