#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>
#include <QVariant>

#include <memory>

class EmbeddedCluster;

// A real PostgreSQL cluster for one test process, in a temporary directory,
// started on first use and stopped at exit. Durability is switched off
// (fsync=off): the tests prove locking and timing, not disks.
class TestDatabase
{
public:
    static TestDatabase &instance();

    bool start();
    QString errorString() const { return m_error; }

    // A new, empty database in the cluster; returns its postgres:// URL.
    QString createDatabase();
    // The same with the server's migrations applied, for tests that use the
    // schema without starting a server; empty with errorString() on failure.
    QString createMigratedDatabase();
    // What an initTestCase of a schema-only test needs in one call: starts the
    // cluster if needed and puts a new migrated database's URL into url.
    // Empty on success, else what failed.
    static QString startMigrated(QString &url);

    // A connection for assertions, named after the database URL.
    static QSqlDatabase open(const QString &databaseUrl);
    // The first value of a statement run on that connection, as psql would run
    // it; an invalid QVariant when there is no row, or with a warning when the
    // statement fails.
    static QVariant scalar(const QString &databaseUrl, const QString &statement);
    // The same as an integer, -1 with a warning on failure or no row, for
    // checks that compare counts.
    static qint64 integer(const QString &databaseUrl, const QString &statement);

    // Stops and restarts PostgreSQL on the same port, for outage tests.
    bool stopServer();
    bool startServer();

    ~TestDatabase();

private:
    TestDatabase() = default;

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<EmbeddedCluster> m_cluster;
    QString m_error;
    int m_databases = 0;
};

// SQL check of the no-overbooking invariant over every show: reserved_seats
// equals the seats of PENDING and CONFIRMED bookings and never exceeds
// total_seats. Returns a description of each violating show; empty when all hold.
QStringList invariantViolations(const QSqlDatabase &db);

// Kills the servers' LISTEN connections in the database at databaseUrl, and
// returns how many backends died. Such a connection last ran its LISTEN or its
// 2-second "SELECT 1" ping, which QPSQL runs as a prepared statement, so
// pg_stat_activity shows "EXECUTE qpsqlpstmt_<n>" without arguments. That
// also takes the other background connections (flag snapshot refresher,
// expiry scheduler), which read again on a fresh one; request workers last ran
// statements with arguments and are spared. One may be between statements:
// call again until all are found.
int terminateListenConnections(const QString &databaseUrl);
