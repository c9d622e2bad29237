#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// Applies the sql/NNN_name.sql migrations (compiled in as resources) in order,
// each in its own transaction, and records them in schema_migrations. A
// session-level advisory lock makes concurrent starts of several servers take
// turns instead of racing on the same DDL.
class Migrator
{
public:
    explicit Migrator(QSqlDatabase db, QString directory = QStringLiteral(":/sql"));

    bool migrate();
    QStringList applied() const { return m_applied; }
    QString errorString() const { return m_error; }

private:
    bool exec(const QString &sql);
    bool applyOne(const QString &version, const QString &path);

    QSqlDatabase m_db;
    QString m_directory;
    QStringList m_applied;
    QString m_error;
};
