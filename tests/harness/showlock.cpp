#include "showlock.h"

#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>

ShowLock::ShowLock(const QString &databaseUrl, qint64 showId) : m_url(databaseUrl)
{
    // A connection of its own: TestDatabase::open() shares one per database.
    m_db = QSqlDatabase::cloneDatabase(TestDatabase::open(databaseUrl),
                                       QStringLiteral("show-lock-%1").arg(showId));
    if (!m_db.open() || !m_db.transaction()) {
        m_error = m_db.lastError().text();
        return;
    }
    QSqlQuery query(m_db);
    m_locked = query.exec(QStringLiteral("SELECT id FROM shows WHERE id = %1 FOR UPDATE").arg(showId));
    if (!m_locked)
        m_error = query.lastError().text();
}

ShowLock::~ShowLock()
{
    release();
    const QString name = m_db.connectionName();
    m_db = QSqlDatabase();
    QSqlDatabase::removeDatabase(name);
}

void ShowLock::release()
{
    if (m_db.isOpen())
        m_db.rollback();
    m_db.close();
}

qint64 ShowLock::waiting() const
{
    return TestDatabase::integer(m_url, QStringLiteral("SELECT count(*) FROM pg_stat_activity WHERE "
                                                       "wait_event_type = 'Lock' AND datname = "
                                                       "current_database()"));
}
