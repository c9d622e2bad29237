#include "auditservice.h"

#include "auditrepository.h"

Result<AuditPage> AuditService::list(const AuditQuery &query)
{
    if (auto error = query.check())
        return *error;
    return AuditRepository(m_session).list(query);
}
