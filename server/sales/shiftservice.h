#pragma once

#include "audit/auditentry.h"
#include "result.h"
#include "shiftreport.h"
#include "shiftrepository.h"
#include "tillaccess.h"

#include <QList>

class DatabaseSession;

// Opening, reading and closing clerks' shifts, and their reports. Clerks see
// their own shifts only (others' are ShiftNotFound, as missing ones); admins
// all. Knows no HTTP; one per operation on a worker thread.
class ShiftService
{
public:
    static constexpr qint64 kMaxAmount = 1000000000; // 10 million in a two-decimal currency

    ShiftService(DatabaseSession &session, QString currency)
        : m_session(session), m_currency(std::move(currency))
    {
    }

    Result<Shift> open(const TillAccess &till, qint64 openingFloat, const AuditContext &who);
    Result<Shift> current(const TillAccess &till);
    Result<QList<Shift>> list(const TillAccess &till, int limit);
    Result<ShiftReport> close(const TillAccess &till, qint64 shiftId, qint64 countedCash,
                              const AuditContext &who);
    Result<ShiftReport> report(const TillAccess &till, qint64 shiftId);

private:
    // The shift, if the caller may see it.
    Result<Shift> visible(const TillAccess &till, qint64 shiftId);
    Result<ShiftReport> reportOf(const Shift &shift);

    DatabaseSession &m_session;
    QString m_currency;
};
