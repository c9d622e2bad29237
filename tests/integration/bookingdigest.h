#pragma once

#include "booking/bookingservice.h"

#include <QHash>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>

// What two ways of booking the same commands must agree on (issue 15's
// equivalence test), as comparable text: everything but what is drawn at
// random (references, access tokens the server drew) and the clock.
namespace BookingDigest {

// One answer of book(): the error's code, message and details, or the
// booking's id, show, user, seats, status, whether it was a replay and which
// access token came back (a chosen one by name, a drawn one as "drawn").
QString answer(const Result<BookingService::Booked> &result);

// Every row of shows, bookings and idempotency_keys in key order, one line
// each; a failed query gives one line saying so.
QStringList tables(const QSqlDatabase &db);

// Each booking's reference by id, to check that answers name the stored one.
QHash<qint64, QString> references(const QSqlDatabase &db);

} // namespace BookingDigest
