#pragma once

#include "sales.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

// A show, trip or appointment slot with a fixed number of seats.
struct Show
{
    enum class Status
    {
        Scheduled,
        Cancelled
    };

    qint64 id = 0;
    QString name;
    QDateTime startTime;
    int totalSeats = 0;
    int reservedSeats = 0; // held + sold; never above totalSeats
    int heldSeats = 0;     // in PENDING bookings
    int soldSeats = 0;     // in CONFIRMED bookings
    Status status = Status::Scheduled;
    // Grows with every change of the show (its change-feed number, migration
    // 017): of two states of one show, the higher version is the newer.
    qint64 version = 0;
    // The seating plan of a seated show (issue 17), fixed when the show is
    // created; 0 for general admission, whose JSON then has no such field.
    qint64 seatingPlanId = 0;
    // What it sells, in order, the first being the default (issue 18); empty
    // where the answer does not carry them.
    QList<TicketCategory> categories;

    bool isSeated() const { return seatingPlanId > 0; }
    // A cancelled show sells nothing, whatever its numbers say.
    int availableSeats() const { return isCancelled() ? 0 : totalSeats - reservedSeats; }
    bool isCancelled() const { return status == Status::Cancelled; }

    QJsonObject toJson() const;
    static std::optional<Show> fromJson(const QJsonObject &json);

    static QString statusName(Status status);
    static std::optional<Status> statusFromName(const QString &name);
};
