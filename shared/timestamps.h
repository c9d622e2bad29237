#pragma once

#include <QDateTime>
#include <QString>

// The API's one time format: ISO 8601 in UTC with milliseconds ("2025-12-13T08:00:00.000Z").
namespace Timestamps {
QString toIsoUtc(const QDateTime &time);

// Accepts ISO 8601 with an explicit offset ("Z" or "+02:00"); a time without
// an offset is ambiguous across time zones and is rejected (returns invalid).
QDateTime parseIsoWithOffset(const QString &text);

// RFC 7231 IMF-fixdate, as in the HTTP Date header ("Sun, 06 Nov 1994 08:49:37 GMT").
QString toHttpDate(const QDateTime &time);
QDateTime parseHttpDate(const QString &text);
} // namespace Timestamps
