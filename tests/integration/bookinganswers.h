#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

// The booking answers of a LoadGenerator run read back, and the bookings
// table to hold them against, for the group-booking load tests (issue 15).
// LoadGenerator keeps bodies, not statuses, so an answer is told by its body:
// a booking (201) has an id, a refusal has a code.
namespace BookingAnswers {

struct Held
{
    qint64 id = 0;
    QString reference;
    qint64 showId = 0;
    QString userName;
    int seats = 0;
    QString status;
};

struct Parsed
{
    QList<Held> held;
    QList<QJsonObject> refused; // {"error","code",...details}
    QList<QByteArray> unreadable;
};

// POST /shows/<id>/book as raw bytes, with an Idempotency-Key when key is not empty.
QByteArray bookRequest(qint64 showId, const QString &userName, int seats,
                       const QByteArray &key = {});

Parsed parse(const QList<QByteArray> &bodies);

// Every row of bookings by id, read through TestDatabase's connection for databaseUrl.
QHash<qint64, Held> storedBookings(const QString &databaseUrl);

// "booking 12 (ABCD2345) show 3 'load-7' 2 seats PENDING", for failure messages.
QString describe(const Held &booking);

} // namespace BookingAnswers
