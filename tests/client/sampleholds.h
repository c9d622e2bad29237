#pragma once

#include "booking.h"

#include <QDateTime>
#include <QTimeZone>

// Holds for HoldsModel tests, all made at kStart on the tests' own clock.
namespace SampleHolds {
constexpr qint64 kStart = 1765612800000; // 2025-12-13T08:00:00Z

inline Booking makeHold(qint64 id, qint64 expiresInMs = 120000)
{
    Booking booking;
    booking.id = id;
    booking.reference = QStringLiteral("REF%1").arg(id, 5, 10, QLatin1Char('0'));
    booking.showId = 1;
    booking.userName = QStringLiteral("Customer %1").arg(id);
    booking.seats = 2;
    booking.createdAt = QDateTime::fromMSecsSinceEpoch(kStart, QTimeZone::utc());
    booking.expiresAt = QDateTime::fromMSecsSinceEpoch(kStart + expiresInMs, QTimeZone::utc());
    return booking;
}
} // namespace SampleHolds
