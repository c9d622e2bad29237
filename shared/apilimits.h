#pragma once

#include <QtGlobal>

// Fixed limits of the API, the same for server and client: the server refuses
// what is past them, the client stops people from typing it in the first place.
// Limits an operator may change (seats per booking, hold length) are not here:
// the server serves those at GET /config and the client reads them from there.
// (Not named limits.h: that would shadow the C header of that name.)
namespace Limits {

// Characters (code points) in a customer's name and in a show's name.
inline constexpr int kMaxUserNameLength = 200;
inline constexpr int kMaxShowNameLength = 200;
// Seats of one show.
inline constexpr int kMaxTotalSeats = 100000;
// A request body; larger ones get 413.
inline constexpr qsizetype kMaxBodyBytes = 64 * 1024;
// Visible ASCII characters in an Idempotency-Key.
inline constexpr int kMaxIdempotencyKeyLength = 200;
// Booking references: this many characters from an alphabet without
// look-alikes (no I, L, O, 0, 1), so they can be read out over the phone.
inline constexpr int kReferenceLength = 8;
inline constexpr char kReferenceAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
// Rows of one page of a listing.
inline constexpr int kMaxPageSize = 500;

} // namespace Limits
