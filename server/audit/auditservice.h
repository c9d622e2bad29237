#pragma once

#include "auditquery.h"
#include "result.h"

class DatabaseSession;

// Reading the audit log: checks a query, then pages through audit_log
// (AuditRepository). Writing happens where each change is made, in its own
// transaction, so there is nothing to write here. Knows no HTTP; made per
// operation on a worker thread with that thread's session, like the others.
class AuditService
{
public:
    explicit AuditService(DatabaseSession &session) : m_session(session) {}

    Result<AuditPage> list(const AuditQuery &query);

private:
    DatabaseSession &m_session;
};
