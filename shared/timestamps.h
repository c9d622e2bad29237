#pragma once

#include <QDateTime>
#include <QString>

#include <optional>

// The API's one time format: ISO 8601 in UTC with milliseconds ("2025-12-13T08:00:00.000Z").
namespace Timestamps {
QString toIsoUtc(const QDateTime &time);

// An ISO 8601 time as it was written: its instant, and its year before the
// conversion to UTC (9999-12-31T23:00:00-05:00 is year 9999 though 10000 in UTC).
struct IsoTime
{
    QDateTime utc;
    int writtenYear = 0;
};

// Accepts ISO 8601 with an explicit offset ("Z" or "+02:00"); a time without
// an offset is ambiguous across time zones and is rejected (returns invalid).
// Years have four digits, or five above 9999: toIsoUtc writes a UTC time after
// 9999 with five digits, as PostgreSQL does, and such a time must read back.
QDateTime parseIsoWithOffset(const QString &text);
// The same, with the year as written; empty when the text is malformed.
std::optional<IsoTime> readIsoWithOffset(const QString &text);

// RFC 7231 IMF-fixdate, as in the HTTP Date header ("Sun, 06 Nov 1994 08:49:37 GMT").
QString toHttpDate(const QDateTime &time);
QDateTime parseHttpDate(const QString &text);
} // namespace Timestamps
