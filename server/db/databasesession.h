#pragma once

#include "databasesettings.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QString>

// One PostgreSQL connection and its prepared statements, owned by exactly one
// thread (connections are never shared between threads). Prepared statements
// are kept so that each operation is a single round trip (QPSQL would
// otherwise send a separate PREPARE every time).
class DatabaseSession
{
public:
    DatabaseSession(const DatabaseSettings &settings, const QString &connectionName);
    ~DatabaseSession();
    DatabaseSession(const DatabaseSession &) = delete;
    DatabaseSession &operator=(const DatabaseSession &) = delete;

    // Opens the connection if it is closed; false if the database is unreachable.
    bool ensureOpen();
    // Drops the connection after a connection-level failure; the next call reopens it.
    void reset();
    QSqlDatabase database() const { return m_db; }
    // Goes up each time the connection is (re)opened: state tied to a
    // connection, such as LISTEN, must be set up again when it changes.
    quint64 generation() const { return m_generation; }
    QString lastError() const { return m_lastError.text(); }
    QSqlError lastSqlError() const { return m_lastError; }
    // True while a Transaction guard is open on this session (see transaction.h).
    bool inTransaction() const { return m_inTransaction; }

    // A prepared statement for this SQL text, prepared once per connection.
    QSqlQuery *prepared(const QString &sql);

    // The session of the calling thread, created on first use with the
    // settings given to setThreadDefaults().
    static DatabaseSession &forCurrentThread();
    static void setThreadDefaults(const DatabaseSettings &settings);

private:
    friend class Transaction;

    DatabaseSettings m_settings;
    QString m_connectionName;
    QSqlDatabase m_db;
    QHash<QString, QSqlQuery *> m_statements;
    QSqlError m_lastError;
    quint64 m_generation = 0;
    bool m_inTransaction = false;
};
