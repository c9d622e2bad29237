#pragma once

#include "sales.h"

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>

// Seats a customer holds (PENDING) or bought (CONFIRMED) for one show.
// PENDING -> CONFIRMED | EXPIRED | CANCELLED; CONFIRMED -> CANCELLED.
struct Booking
{
    enum class Status
    {
        Pending,
        Confirmed,
        Expired,
        Cancelled
    };

    qint64 id = 0;
    QString reference; // short code staff can read over the phone
    qint64 showId = 0;
    QString userName;
    int seats = 0;
    Status status = Status::Pending;
    QDateTime createdAt;
    QDateTime expiresAt; // when a PENDING hold lapses
    QDateTime confirmedAt;
    QDateTime cancelledAt;
    // The labels of its seats ("A-12"), in row and seat order, when its show is
    // seated (issue 17); empty for general admission. Kept after it ends.
    QStringList seatLabels;
    // What it was sold as and how it was paid (issue 18); lines are empty only
    // where nothing asked for them (then the JSON has no money fields).
    QList<BookingLine> lines;
    QList<Payment> payments;

    bool holdsSeats() const { return status == Status::Pending || status == Status::Confirmed; }

    QJsonObject toJson() const;
    static std::optional<Booking> fromJson(const QJsonObject &json);

    static QString statusName(Status status);
    static std::optional<Status> statusFromName(const QString &name);
};
