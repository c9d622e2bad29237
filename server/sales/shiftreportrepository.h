#pragma once

#include "result.h"
#include "shiftreport.h"

class DatabaseSession;

// The SQL behind a shift's report: what its payments and refunds add up to.
class ShiftReportRepository
{
public:
    explicit ShiftReportRepository(DatabaseSession &session) : m_session(session) {}

    // Fills takings and categories of report (its shift already read).
    Result<bool> fill(ShiftReport &report);

private:
    DatabaseSession &m_session;
};
