#pragma once

#include "booking.h"
#include "result.h"
#include "seatmaptypes.h"

#include <QString>

// Sentences for staff from API errors, with the numbers that matter
// ("Only 3 seats left") rather than error codes.
namespace UserMessage {

QString forError(const DomainError &error);

// "1 seat", "3 seats"; "1 booking", "2 bookings" (English plurals without a translation file).
QString seats(int count);
QString bookings(int count);
// A booking's seats: "3 seats", or "2 seats (A-3, A-4)" when it names them.
QString seatsOf(const Booking &booking);

// A sales_paused answer (scope "all" or "show") in the counter's words, and the
// same sentences for a pause the client learnt from GET /config.
QString salesPaused(const DomainError &error, const QString &showName);
QString salesPausedForAll();
QString salesPausedForShow(const QString &showName);

// A failed hold of `requested` seats for `showName`.
QString forHoldError(const DomainError &error, const QString &showName, int requested);
// A failed hold of a seated show: picked seats taken meanwhile, or no block of
// that many seats side by side for best-available.
QString forSeatHoldError(const DomainError &error, const QString &showName,
                         const Api::SeatChoice &choice);

} // namespace UserMessage
