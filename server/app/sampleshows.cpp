#include "sampleshows.h"

#include "booking/showrepository.h"

#include <QDateTime>
#include <QTimeZone>

namespace SampleShows {

bool createIfEmpty(DatabaseSession &session)
{
    ShowRepository shows(session);
    const auto existing = shows.list();
    if (!existing)
        return false;
    if (!existing->isEmpty())
        return true;
    // Relative to today so the samples are always in the future.
    const QDateTime tomorrow(QDate::currentDate().addDays(1), QTime(19, 30), QTimeZone::systemTimeZone());
    const struct
    {
        const char *name;
        int dayOffset;
        int hourOffset;
        int seats;
    } samples[] = {
        {"Hamlet - Evening Performance", 0, 0, 120},
        {"Bus A: City Centre to Airport", 1, -11, 40},
        {"Jazz Quartet Live", 2, 1, 80},
        {"Dental check-up slot 09:00", 3, -10, 1},
        {"Museum Night Tour", 5, 0, 25},
    };
    for (const auto &sample : samples) {
        const QDateTime start = tomorrow.addDays(sample.dayOffset).addSecs(sample.hourOffset * 3600);
        if (!shows.create(QString::fromUtf8(sample.name), start, sample.seats))
            return false;
    }
    return true;
}

} // namespace SampleShows
