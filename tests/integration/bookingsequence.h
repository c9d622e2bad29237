#pragma once

#include "booking/groupbookingservice.h"

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>

// A seeded random sequence of booking commands for the group-booking
// equivalence test (issue 15): every way BookingService::book can answer, so
// that GroupBookingService must agree with it on each. Only the generator's
// seed decides the sequence, so a failing seed replays exactly.
namespace BookingSequence {

// What exists in each database before the sequence runs, with the same ids in both.
struct World
{
    QList<qint64> openShows; // small capacities, so refusals happen
    qint64 cancelledShow = 0;
    qint64 missingShow = 0; // an id no show has
    qint64 shopA = 0;       // auth_tokens ids
    qint64 shopB = 0;
    qint64 clerk = 0;
};

// The access tokens anonymous callers may choose ("bka_" + 43 characters);
// a small pool, so that bookings and replays share them.
QList<QByteArray> chosenTokens();

QList<GroupBookingService::Entry> generate(QRandomGenerator &random, const World &world, int count);

// One line about an entry, for failure messages.
QString describe(const GroupBookingService::Entry &entry);

} // namespace BookingSequence
