// Migrations: several servers starting at once on an empty database take
// turns under the advisory lock, each migration is applied exactly once, and
// the schema keeps the reference backend's table and column names.
#include "serverprocess.h"
#include "testdatabase.h"

#include <QDir>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <array>

class TestMigrations : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void simultaneousStartsApplyEachMigrationOnce()
    {
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        std::array<ServerProcess, 3> servers;
        for (ServerProcess &server : servers) {
            server.setDatabaseUrl(databaseUrl);
            QVERIFY2(server.launch(), qPrintable(server.errorString()));
        }
        for (ServerProcess &server : servers)
            QVERIFY2(server.waitUntilListening(), qPrintable(server.errorString()));

        QSqlQuery query(TestDatabase::open(databaseUrl));
        QVERIFY(query.exec(
            QStringLiteral("SELECT count(*), count(DISTINCT version) FROM schema_migrations")));
        QVERIFY(query.next());
        QVERIFY(query.value(0).toInt() >= 2);
        QCOMPARE(query.value(0).toInt(), query.value(1).toInt());
        const QDir sql(QStringLiteral(BOXOFFICE_SQL_DIR));
        QCOMPARE(query.value(0).toInt(),
                 int(sql.entryList({QStringLiteral("*.sql")}, QDir::Files).size()));
    }

    void changedMigrationIsRefused()
    {
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        ServerProcess first;
        first.setDatabaseUrl(databaseUrl);
        QVERIFY2(first.start(), qPrintable(first.errorString()));
        QVERIFY2(first.stop(), qPrintable(first.errorString()));
        // As if sql/001 had been edited after this database applied it.
        QSqlQuery query(TestDatabase::open(databaseUrl));
        QVERIFY(query.exec(QStringLiteral("UPDATE schema_migrations SET checksum = 'edited'"
                                          " WHERE version = '001_shows_and_bookings'")));
        ServerProcess second;
        second.setDatabaseUrl(databaseUrl);
        QVERIFY(!second.start());
        QVERIFY2(second.errorString().contains(QStringLiteral("001_shows_and_bookings changed")),
                 qPrintable(second.errorString()));
    }

    void schemaKeepsTheReferenceNames()
    {
        const QString databaseUrl = TestDatabase::instance().createDatabase();
        ServerProcess server;
        server.setDatabaseUrl(databaseUrl);
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        QSqlQuery query(TestDatabase::open(databaseUrl));
        // Tools written for the reference backend select these columns directly.
        QVERIFY2(query.exec(QStringLiteral(
                     "SELECT id, name, start_time, total_seats, reserved_seats FROM shows")),
                 qPrintable(query.lastError().text()));
        QVERIFY2(query.exec(QStringLiteral(
                     "SELECT id, show_id, user_name, seats, status, created_at FROM bookings")),
                 qPrintable(query.lastError().text()));
        QVERIFY2(query.exec(QStringLiteral("SELECT key, value FROM feature_flags")),
                 qPrintable(query.lastError().text()));
        // The database itself refuses overbooking, whatever statement tries it.
        QVERIFY(query.exec(QStringLiteral("INSERT INTO shows (name, start_time, total_seats) "
                                          "VALUES ('x', now(), 5) RETURNING id")));
        QVERIFY(query.next());
        const QString id = query.value(0).toString();
        QVERIFY(!query.exec(
            QStringLiteral("UPDATE shows SET reserved_seats = 6 WHERE id = %1").arg(id)));
        QCOMPARE(query.lastError().nativeErrorCode(), QStringLiteral("23514")); // check_violation
    }
};

QTEST_GUILESS_MAIN(TestMigrations)
#include "tst_migrations.moc"
