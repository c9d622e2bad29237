#pragma once

#include <QSqlDatabase>
#include <QString>

class DatabaseSession;

// A transaction scope guard, like libpqxx's work: it begins on construction and
// rolls back in its destructor unless commit() succeeded, so an early return
// can never commit half of an operation. Used on the thread that owns the
// connection, like the connection itself; transactions do not nest.
//
// On a DatabaseSession it also marks the session as inside a transaction for
// its lifetime: SqlRunner then retries nothing (a retried statement would run
// in an aborted transaction, or outside it on a reopened connection), and a
// lost connection is not silently reopened until the guard is gone.
class Transaction
{
public:
    explicit Transaction(DatabaseSession &session);
    // For code that holds a bare connection (the migrator).
    explicit Transaction(QSqlDatabase db);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;

    // False when BEGIN failed: statements run now would not be in a transaction.
    bool isActive() const { return m_active; }
    // True only if everything since BEGIN is now durable. A statement that
    // failed inside the transaction makes PostgreSQL roll it back at COMMIT,
    // and then this returns false too.
    bool commit();
    void rollback();
    QString errorText() const { return m_error; }

private:
    void begin();
    void finish();

    DatabaseSession *m_session = nullptr;
    QSqlDatabase m_db;
    quint64 m_generation = 0; // the session's connection generation at BEGIN
    bool m_active = false;
    QString m_error;
};
