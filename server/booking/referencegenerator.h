#pragma once

#include <QString>

// Booking references: Limits::kReferenceLength (8) characters from
// Limits::kReferenceAlphabet, which has no look-alikes
// (no 0/O, 1/I/L), so they survive being read over the phone. 31^8 ≈ 8·10^11
// codes; the database's UNIQUE constraint catches the rare collision.
namespace ReferenceGenerator {
QString next();
bool looksValid(const QString &reference);
} // namespace ReferenceGenerator
