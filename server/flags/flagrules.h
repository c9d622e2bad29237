#pragma once

#include "result.h"

#include <QJsonValue>
#include <QString>

#include <optional>

// What makes a feature flag's key and value acceptable: the same rules and the
// same sentences as feature_flag_problem() in sql/005, checked first by the
// server so that a refusal is a 400 with a reason, and by the database too so
// that a writer going around the server (psql) is held to them as well.
// Pure functions; any thread.
namespace FlagRules {
inline constexpr int kMaxKeyLength = 100;
inline constexpr int kMaxSubjectLength = 200;
inline const QString kHoldSeconds = QStringLiteral("booking.hold_seconds");
inline const QString kMaxSeats = QStringLiteral("booking.max_seats");
inline const QString kSalesPaused = QStringLiteral("sales.paused");
inline const QString kShowPausePrefix = QStringLiteral("sales.paused.show.");

// InvalidFlagKey, details {"field":"key"}: not 1..100 of [a-z0-9._:-], an unknown
// booking.* / sales.* name, or sales.paused.show.<id> with an id that is not a
// positive integer of at most 18 digits without a leading zero.
std::optional<DomainError> checkKey(const QString &key);
// InvalidFlagValue: the wrong JSON type (null, an array, undefined), a built-in out of
// its type or range (details {"field":"value"}), or a rollout whose percent is not a
// number 0..100 with at most one decimal place ({"field":"percent"}). The key is
// assumed to have passed checkKey.
std::optional<DomainError> checkValue(const QString &key, const QJsonValue &value);
// MissingField when empty, OutOfRange when over kMaxSubjectLength; {"field":"subject"}.
std::optional<DomainError> checkSubject(const QString &subject);
// booking.hold_seconds, booking.max_seats, sales.paused and every valid sales.paused.show.<id>.
bool isBuiltin(const QString &key);
// The id of a valid sales.paused.show.<id> key; nullopt for any other key.
std::optional<qint64> pausedShowId(const QString &key);
QString showPauseKey(qint64 showId);
} // namespace FlagRules
