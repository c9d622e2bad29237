#include "testdatabase.h"

#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "db/embeddedcluster.h"
#include "db/migrator.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>

TestDatabase &TestDatabase::instance()
{
    static TestDatabase database;
    return database;
}

TestDatabase::~TestDatabase()
{
    if (m_cluster)
        m_cluster->stop();
}

namespace {
// Runs while QCoreApplication still exists, so pg_ctl can be waited for normally.
void stopClusterAtExit()
{
    TestDatabase::instance().stopServer();
}
} // namespace

bool TestDatabase::start()
{
    if (m_cluster)
        return true;
    m_directory = std::make_unique<QTemporaryDir>();
    if (!m_directory->isValid()) {
        m_error = QStringLiteral("cannot create a temporary directory");
        return false;
    }
    auto cluster = std::make_unique<EmbeddedCluster>(m_directory->path());
    cluster->setServerOptions(
        {QStringLiteral("fsync=off"), QStringLiteral("synchronous_commit=off"),
         QStringLiteral("full_page_writes=off"), QStringLiteral("max_connections=300")});
    if (!cluster->start(QStringLiteral("postgres"))) {
        m_error = cluster->errorString();
        return false;
    }
    m_cluster = std::move(cluster);
    qAddPostRoutine(stopClusterAtExit);
    return true;
}

QString TestDatabase::createDatabase()
{
    if (!start())
        return {};
    const QString name = QStringLiteral("boxoffice_test_%1").arg(++m_databases);
    QSqlDatabase admin = open(m_cluster->settings().toUrl().toString());
    QSqlQuery query(admin);
    if (!query.exec(QStringLiteral("CREATE DATABASE %1").arg(name))) {
        m_error = query.lastError().text();
        return {};
    }
    DatabaseSettings settings = m_cluster->settings();
    settings.database = name;
    return settings.toUrl().toString();
}

QString TestDatabase::createMigratedDatabase()
{
    const QString url = createDatabase();
    if (url.isEmpty())
        return {};
    DatabaseSession session(DatabaseSettings::fromUrl(QUrl(url)),
                            QStringLiteral("test-migrate-%1").arg(m_databases));
    if (!session.ensureOpen()) {
        m_error = session.lastError();
        return {};
    }
    Migrator migrator(session.database());
    if (!migrator.migrate()) {
        m_error = migrator.errorString();
        return {};
    }
    return url;
}

QString TestDatabase::startMigrated(QString &url)
{
    TestDatabase &database = instance();
    if (!database.start())
        return database.errorString();
    url = database.createMigratedDatabase();
    return url.isEmpty() ? database.errorString() : QString();
}

QSqlDatabase TestDatabase::open(const QString &databaseUrl)
{
    const QString name = QStringLiteral("test:") + databaseUrl;
    if (QSqlDatabase::contains(name)) {
        QSqlDatabase db = QSqlDatabase::database(name, false);
        if (db.isOpen())
            return db;
        db.open();
        return db;
    }
    const DatabaseSettings settings = DatabaseSettings::fromUrl(QUrl(databaseUrl));
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
    db.setHostName(settings.host);
    db.setPort(settings.port);
    db.setUserName(settings.user);
    db.setPassword(settings.password);
    db.setDatabaseName(settings.database);
    db.open();
    return db;
}

QVariant TestDatabase::scalar(const QString &databaseUrl, const QString &statement)
{
    QSqlQuery query(open(databaseUrl));
    if (!query.exec(statement)) {
        qWarning("SQL failed: %s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
        return {};
    }
    return query.next() ? query.value(0) : QVariant();
}

qint64 TestDatabase::integer(const QString &databaseUrl, const QString &statement)
{
    const QVariant value = scalar(databaseUrl, statement);
    if (!value.isValid()) {
        qWarning("SQL gave no value: %s", qPrintable(statement));
        return -1;
    }
    return value.toLongLong();
}

bool TestDatabase::stopServer()
{
    if (!m_cluster)
        return false;
    const bool ok = m_cluster->stop();
    m_error = m_cluster->errorString();
    return ok;
}

bool TestDatabase::startServer()
{
    if (!m_cluster)
        return start();
    m_cluster->setPreferredPort(m_cluster->settings().port);
    const bool ok = m_cluster->start(QStringLiteral("postgres"));
    m_error = m_cluster->errorString();
    return ok;
}

QStringList invariantViolations(const QSqlDatabase &db)
{
    QSqlQuery query(db);
    const bool ok = query.exec(
        QStringLiteral("SELECT s.id, s.total_seats, s.reserved_seats, coalesce(sum(b.seats), 0)"
                       " FROM shows s LEFT JOIN bookings b ON b.show_id = s.id AND b.status IN "
                       "('PENDING', 'CONFIRMED')"
                       " GROUP BY s.id"
                       " HAVING s.reserved_seats <> coalesce(sum(b.seats), 0) OR s.reserved_seats "
                       "> s.total_seats"));
    if (!ok)
        return {QStringLiteral("invariant query failed: ") + query.lastError().text()};
    QStringList violations;
    while (query.next())
        violations << QStringLiteral("show %1: total %2, reserved %3, bookings hold %4")
                          .arg(query.value(0).toString(), query.value(1).toString(),
                               query.value(2).toString(), query.value(3).toString());
    // From migration 017 on, shows also keep their sold seats (the change feed's counts).
    QSqlQuery sold(db);
    if (!sold.exec(QStringLiteral("SELECT 1 FROM information_schema.columns"
                                  " WHERE table_name = 'shows' AND column_name = 'sold_seats'")) ||
        !sold.next())
        return violations;
    if (!sold.exec(QStringLiteral(
            "SELECT s.id, s.sold_seats, coalesce(sum(b.seats), 0) FROM shows s"
            " LEFT JOIN bookings b ON b.show_id = s.id AND b.status = 'CONFIRMED'"
            " GROUP BY s.id HAVING s.sold_seats <> coalesce(sum(b.seats), 0)"
            "   OR s.sold_seats > s.reserved_seats")))
        return violations << QStringLiteral("sold-seats query failed: ") + sold.lastError().text();
    while (sold.next())
        violations << QStringLiteral("show %1: sold %2, confirmed bookings hold %3")
                          .arg(sold.value(0).toString(), sold.value(1).toString(),
                               sold.value(2).toString());
    // From migration 018 on, seated shows: every live booking holds exactly
    // its seats, ended ones none, capacity is the plan minus the blocks, and
    // a seat is sold exactly when its booking is confirmed.
    QSqlQuery seated(db);
    if (!seated.exec(QStringLiteral("SELECT 1 FROM information_schema.tables"
                                    " WHERE table_name = 'seat_assignments'")) ||
        !seated.next())
        return violations;
    if (!seated.exec(QStringLiteral(
            "SELECT b.id, b.status, b.seats, count(sa.seat_id) FILTER (WHERE sa.live),"
            "       count(sa.seat_id) FILTER (WHERE sa.sold)"
            "  FROM bookings b JOIN shows s ON s.id = b.show_id AND s.seating_plan_id IS NOT NULL"
            "  LEFT JOIN seat_assignments sa ON sa.booking_id = b.id"
            " GROUP BY b.id, b.status, b.seats"
            " HAVING count(sa.seat_id) FILTER (WHERE sa.live)"
            "        <> CASE WHEN b.status IN ('PENDING', 'CONFIRMED') THEN b.seats ELSE 0 END"
            "     OR count(sa.seat_id) FILTER (WHERE sa.sold)"
            "        <> CASE WHEN b.status = 'CONFIRMED' THEN b.seats ELSE 0 END")))
        return violations << QStringLiteral("seat query failed: ") + seated.lastError().text();
    while (seated.next())
        violations << QStringLiteral("booking %1 (%2, %3 seats): %4 live seats, %5 sold")
                          .arg(seated.value(0).toString(), seated.value(1).toString(),
                               seated.value(2).toString(), seated.value(3).toString(),
                               seated.value(4).toString());
    if (!seated.exec(QStringLiteral(
            "SELECT s.id, s.total_seats, p.seat_count,"
            "       (SELECT count(*) FROM seat_assignments sa"
            "         WHERE sa.show_id = s.id AND sa.live AND sa.booking_id IS NULL)"
            "  FROM shows s JOIN seating_plans p ON p.id = s.seating_plan_id"
            " WHERE s.total_seats <> p.seat_count - (SELECT count(*) FROM seat_assignments sa"
            "         WHERE sa.show_id = s.id AND sa.live AND sa.booking_id IS NULL)")))
        return violations << QStringLiteral("block query failed: ") + seated.lastError().text();
    while (seated.next())
        violations << QStringLiteral("show %1: total %2, plan %3 seats, %4 blocked")
                          .arg(seated.value(0).toString(), seated.value(1).toString(),
                               seated.value(2).toString(), seated.value(3).toString());
    // From migration 021 on, money (issue 18), computed here without the
    // database's own balance function: a live booking's lines hold its seats,
    // and payments - refunds = its live lines when CONFIRMED, 0 otherwise
    // (a cancelled show's bookings may be owed money back).
    QSqlQuery money(db);
    if (!money.exec(QStringLiteral("SELECT 1 FROM information_schema.tables"
                                   " WHERE table_name = 'booking_lines'")) ||
        !money.next())
        return violations;
    if (!money.exec(QStringLiteral(
            "SELECT b.id, b.status, b.seats, l.live_count, l.live_value, coalesce(p.net, 0)"
            "  FROM bookings b JOIN shows s ON s.id = b.show_id"
            "  LEFT JOIN (SELECT booking_id, sum(count - cancelled) AS live_count,"
            "                    sum((count - cancelled) * unit_price) AS live_value"
            "               FROM booking_lines GROUP BY booking_id) l ON l.booking_id = b.id"
            "  LEFT JOIN (SELECT booking_id,"
            "                    sum(CASE WHEN kind = 'payment' THEN amount ELSE -amount END) AS net"
            "               FROM payments GROUP BY booking_id) p ON p.booking_id = b.id"
            " WHERE (b.status IN ('PENDING', 'CONFIRMED') AND l.live_count IS DISTINCT FROM b.seats)"
            "    OR (b.status = 'CONFIRMED' AND coalesce(p.net, 0) <> coalesce(l.live_value, 0))"
            "    OR (b.status <> 'CONFIRMED' AND coalesce(p.net, 0) <> 0"
            "        AND NOT (b.status = 'CANCELLED' AND s.status = 'CANCELLED'))")))
        return violations << QStringLiteral("money query failed: ") + money.lastError().text();
    while (money.next())
        violations << QStringLiteral("booking %1 (%2, %3 seats): lines hold %4 worth %5, paid %6")
                          .arg(money.value(0).toString(), money.value(1).toString(),
                               money.value(2).toString(), money.value(3).toString(),
                               money.value(4).toString(), money.value(5).toString());
    return violations;
}

int terminateListenConnections(const QString &databaseUrl)
{
    QSqlQuery query(TestDatabase::open(databaseUrl));
    if (!query.exec(QStringLiteral(
            "SELECT count(pg_terminate_backend(pid, 5000)) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
            " AND application_name = 'boxoffice-server'"
            " AND (query LIKE 'LISTEN%' OR query ~ '^EXECUTE qpsqlpstmt_[0-9a-f]+$')")) ||
        !query.next())
        return 0;
    return query.value(0).toInt();
}
