#pragma once

#include "report.h"
#include "runstats.h"

#include <QString>

// After the run, checks in SQL what the server promised for every show the run touched:
// reserved_seats equals the seats of PENDING and CONFIRMED bookings and stays within
// total_seats; every acknowledged booking exists once with its seats; no rows for the
// run's user-name marker beyond the acknowledged ones. Runs on the main thread.
class DbAssertions
{
public:
    // error is set (and checked stays false) when the database cannot be reached.
    static DbCheck check(const QString &databaseUrl, const QList<qint64> &showIds,
                         const QList<RunStats::Acknowledged> &acknowledged,
                         const QByteArray &userNamePrefix, QString *error);
};
