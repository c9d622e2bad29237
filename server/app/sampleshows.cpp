#include "sampleshows.h"

#include "booking/showrepository.h"
#include "db/transaction.h"

#include <QDateTime>
#include <QTimeZone>

namespace SampleShows {

bool createIfEmpty(DatabaseSession &session)
{
    // All five or none: a failure half-way must not leave a partial set that
    // the "only if empty" check would then keep for ever.
    Transaction transaction(session);
    if (!transaction.isActive())
        return false;
    ShowRepository shows(session);
    const auto existing = shows.list();
    if (!existing)
        return false;
    if (!existing->isEmpty())
        return true;
    // Relative to today so the samples are always in the future; local times.
    const QDate today = QDate::currentDate();
    const struct
    {
        const char *name;
        int inDays;
        QTime at;
        int seats;
    } samples[] = {
        {"Hamlet - Evening Performance", 1, QTime(19, 30), 120},
        {"Bus A: City Centre to Airport", 2, QTime(8, 15), 40},
        {"Jazz Quartet Live", 3, QTime(20, 30), 80},
        {"Dental check-up 09:00", 4, QTime(9, 0), 1},
        {"Museum Night Tour", 6, QTime(21, 0), 25},
    };
    for (const auto &sample : samples) {
        const QDateTime start(today.addDays(sample.inDays), sample.at, QTimeZone::systemTimeZone());
        if (!shows.create(QString::fromUtf8(sample.name), start, sample.seats))
            return false;
    }
    return transaction.commit();
}

} // namespace SampleShows
