#include "shiftservice.h"

#include "shiftreportrepository.h"

namespace {
DomainError noShifts()
{
    return {ErrorCode::Forbidden,
            QStringLiteral("Shifts are for staff at the counter; a shop's payments are online."),
            {}};
}
} // namespace

Result<Shift> ShiftService::open(const TillAccess &till, qint64 openingFloat,
                                 const AuditContext &who)
{
    if (!till.hasShifts())
        return noShifts();
    return ShiftRepository(m_session).open(till.owner, till.clerkName, openingFloat, who);
}

Result<Shift> ShiftService::current(const TillAccess &till)
{
    if (!till.hasShifts())
        return noShifts();
    const auto open = ShiftRepository(m_session).openShiftOf(till.owner);
    if (!open)
        return open.error();
    if (!*open)
        return Result<Shift>::failure(ErrorCode::ShiftNotFound,
                                      QStringLiteral("You have no open shift."));
    return **open;
}

Result<QList<Shift>> ShiftService::list(const TillAccess &till, int limit)
{
    if (!till.hasShifts())
        return noShifts();
    return ShiftRepository(m_session).list(till.mayUseAnyShift() ? QString() : till.owner, limit);
}

Result<Shift> ShiftService::visible(const TillAccess &till, qint64 shiftId)
{
    if (!till.hasShifts())
        return noShifts();
    const auto shift = ShiftRepository(m_session).find(shiftId);
    if (!shift)
        return shift;
    if (!till.mayUseAnyShift() && shift->owner != till.owner)
        return Result<Shift>::failure(ErrorCode::ShiftNotFound,
                                      QStringLiteral("Shift %1 does not exist.").arg(shiftId));
    return shift;
}

Result<ShiftReport> ShiftService::reportOf(const Shift &shift)
{
    ShiftReport report;
    report.shift = shift;
    report.currency = m_currency;
    if (const auto filled = ShiftReportRepository(m_session).fill(report); !filled)
        return filled.error();
    return report;
}

Result<ShiftReport> ShiftService::close(const TillAccess &till, qint64 shiftId,
                                        qint64 countedCash, const AuditContext &who)
{
    if (const auto shift = visible(till, shiftId); !shift)
        return shift.error();
    const auto closed = ShiftRepository(m_session).close(shiftId, countedCash, who);
    if (!closed)
        return closed.error();
    return reportOf(*closed);
}

Result<ShiftReport> ShiftService::report(const TillAccess &till, qint64 shiftId)
{
    const auto shift = visible(till, shiftId);
    if (!shift)
        return shift.error();
    return reportOf(*shift);
}
