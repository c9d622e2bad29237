#pragma once

#include "booking/bookingservice.h"
#include "environmentflagoverrides.h"
#include "featureflag.h"

#include <QList>
#include <QMap>

// Combines the stored flags with the environment overrides into what the
// server obeys, and derives the booking rules from the built-in flags. One
// composition for the admin API (from a fresh read of the table) and for the
// live snapshot, so both always agree. Pure functions; any thread.
namespace EffectiveFlags {

// Every flag that has a value: each stored flag (overridden or not), every
// built-in or other key set only in the environment. Sorted by key.
QMap<QString, EffectiveFlag> compose(const QList<FeatureFlag> &stored,
                                     const EnvironmentFlagOverrides &overrides);

// One flag, or nullopt when it is neither stored nor in the environment.
std::optional<EffectiveFlag> composeOne(const QString &key,
                                        const std::optional<FeatureFlag> &stored,
                                        const EnvironmentFlagOverrides &overrides);

// The booking rules: built-in flags over the command-line defaults. A built-in
// value that breaks its rule (a row written before sql/005 judged them) is ignored.
BookingService::Settings bookingSettings(const QMap<QString, EffectiveFlag> &flags,
                                         const BookingService::Settings &defaults);

} // namespace EffectiveFlags
