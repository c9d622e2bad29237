#include "migrator.h"

#include "app/logcategories.h"
#include "transaction.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>

namespace {
// Any fixed number works; it only has to be the same in every server.
constexpr auto kMigrationLock = "SELECT pg_advisory_lock(7415320001)";
constexpr auto kMigrationUnlock = "SELECT pg_advisory_unlock(7415320001)";
constexpr auto kCreateTable = "CREATE TABLE IF NOT EXISTS schema_migrations ("
                              " version text PRIMARY KEY,"
                              " applied_at timestamptz NOT NULL DEFAULT now(),"
                              " checksum text)";

QString checksumOf(const QByteArray &sql)
{
    return QString::fromLatin1(QCryptographicHash::hash(sql, QCryptographicHash::Sha256).toHex());
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}
} // namespace

Migrator::Migrator(QSqlDatabase db, QString directory)
    : m_db(std::move(db)), m_directory(std::move(directory))
{
}

bool Migrator::exec(const QString &sql)
{
    QSqlQuery query(m_db);
    if (!query.exec(sql)) {
        m_error = query.lastError().text();
        return false;
    }
    return true;
}

bool Migrator::migrate()
{
    static const QRegularExpression fileName(QStringLiteral(R"(^(\d{3,})_[A-Za-z0-9_]+\.sql$)"));
    if (!exec(QString::fromLatin1(kMigrationLock)))
        return false;
    // IF NOT EXISTS would otherwise print a NOTICE on every start.
    exec(QStringLiteral("SET client_min_messages TO warning"));
    // Migrations may legitimately take longer than a request's statement timeout.
    exec(QStringLiteral("SET statement_timeout TO 0"));
    bool ok = exec(QString::fromLatin1(kCreateTable));
    // Tables made before checksums were recorded get the column; their rows stay unchecked.
    ok = ok && exec(QStringLiteral(
                   "ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS checksum text"));

    QHash<QString, QString> done; // version -> checksum recorded when it was applied
    if (ok) {
        QSqlQuery query(m_db);
        ok = query.exec(
            QStringLiteral("SELECT version, coalesce(checksum, '') FROM schema_migrations"));
        while (ok && query.next())
            done.insert(query.value(0).toString(), query.value(1).toString());
        if (!ok)
            m_error = query.lastError().text();
    }

    const QStringList files =
        QDir(m_directory).entryList({QStringLiteral("*.sql")}, QDir::Files, QDir::Name);
    for (const QString &file : files) {
        if (!ok)
            break;
        const auto match = fileName.match(file);
        if (!match.hasMatch()) {
            qCWarning(lcDb) << "ignoring migration with an unexpected name:" << file;
            continue;
        }
        const QString version = file.chopped(4);
        if (done.contains(version)) {
            // Migrations are forward-only: a file changed after it was applied
            // would leave this database different from a fresh one.
            const QString recorded = done.value(version);
            if (!recorded.isEmpty() &&
                recorded != checksumOf(readFile(m_directory + QLatin1Char('/') + file))) {
                m_error =
                    QStringLiteral("migration %1 changed after it was applied to this database; "
                                   "migrations are forward-only, add a new one instead")
                        .arg(version);
                ok = false;
            }
            continue;
        }
        ok = applyOne(version, m_directory + QLatin1Char('/') + file);
    }
    exec(QString::fromLatin1(kMigrationUnlock));
    return ok;
}

bool Migrator::applyOne(const QString &version, const QString &path)
{
    const QByteArray contents = readFile(path);
    if (contents.isEmpty()) {
        m_error = QStringLiteral("cannot read %1").arg(path);
        return false;
    }
    const QString sql = QString::fromUtf8(contents);
    // Declared before the guard so that it is freed after the rollback, not
    // inside an aborted transaction.
    QSqlQuery record(m_db);
    // The script and its record commit together or not at all; any early
    // return below rolls both back.
    Transaction transaction(m_db);
    if (!transaction.isActive()) {
        m_error = transaction.errorText();
        return false;
    }
    record.prepare(
        QStringLiteral("INSERT INTO schema_migrations (version, checksum) VALUES (?, ?)"));
    record.addBindValue(version);
    record.addBindValue(checksumOf(contents));
    // A multi-statement script goes through the simple query protocol in one call.
    if (!exec(sql) || !record.exec()) {
        if (m_error.isEmpty())
            m_error = record.lastError().text();
        m_error = QStringLiteral("migration %1 failed: %2").arg(version, m_error);
        return false;
    }
    if (!transaction.commit()) {
        m_error = QStringLiteral("migration %1 failed: %2").arg(version, transaction.errorText());
        return false;
    }
    qCInfo(lcDb) << "applied migration" << version;
    m_applied << version;
    return true;
}
