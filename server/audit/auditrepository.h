#pragma once

#include "auditentry.h"
#include "auditquery.h"
#include "result.h"

class DatabaseSession;

// Owns the SQL of audit_log (append-only; the table refuses UPDATE, DELETE
// and TRUNCATE). append() belongs in the transaction of the change it records,
// so a change and its audit row commit or vanish together.
class AuditRepository
{
public:
    explicit AuditRepository(DatabaseSession &session) : m_session(session) {}

    // The new row's id.
    Result<qint64> append(const AuditEntry &entry);
    // One page, newest first; the query is already checked (AuditService).
    Result<AuditPage> list(const AuditQuery &query);

private:
    DatabaseSession &m_session;
};
