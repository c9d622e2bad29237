#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QTemporaryDir>

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

    // A connection for assertions, named after the database URL.
    static QSqlDatabase open(const QString &databaseUrl);

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
