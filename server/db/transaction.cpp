#include "transaction.h"

#include "app/logcategories.h"
#include "databasesession.h"

#include <QLoggingCategory>
#include <QSqlError>

Transaction::Transaction(DatabaseSession &session) : m_session(&session)
{
    if (!session.ensureOpen()) {
        m_error = session.lastError();
        return;
    }
    m_db = session.database();
    m_generation = session.generation();
    begin();
    if (m_active)
        session.m_inTransaction = true;
}

Transaction::Transaction(QSqlDatabase db) : m_db(std::move(db))
{
    begin();
}

Transaction::~Transaction()
{
    rollback();
}

void Transaction::begin()
{
    m_active = m_db.transaction();
    if (!m_active)
        m_error = m_db.lastError().text();
}

bool Transaction::commit()
{
    if (!m_active)
        return false;
    // A connection that was lost and reopened meanwhile has no transaction:
    // whatever ran on it was committed statement by statement, or not at all.
    if (m_session && (m_session->generation() != m_generation || !m_db.isOpen())) {
        m_error = QStringLiteral("the connection was lost inside the transaction");
        finish();
        return false;
    }
    const bool ok = m_db.commit();
    if (!ok) {
        m_error = m_db.lastError().text();
        qCWarning(lcDb) << "commit failed:" << m_error;
    }
    finish();
    return ok;
}

void Transaction::rollback()
{
    if (!m_active)
        return;
    if (m_db.isOpen() && (!m_session || m_session->generation() == m_generation))
        m_db.rollback();
    finish();
}

void Transaction::finish()
{
    m_active = false;
    if (m_session)
        m_session->m_inTransaction = false;
}
