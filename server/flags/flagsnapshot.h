#pragma once

#include "booking/bookingservice.h"
#include "environmentflagoverrides.h"
#include "featureflag.h"

#include <QMap>
#include <QMutex>

#include <memory>

// What the request path obeys: every flag's effective value and the booking
// rules derived from the built-ins, as of the last read of the table.
struct FlagState
{
    QMap<QString, EffectiveFlag> flags; // by key
    BookingService::Settings booking;
};

// Holds the current FlagState of this server. Readers on any thread take the
// immutable state (a shared_ptr swapped under a mutex held only for the swap
// or the copy) and never wait on the database; the FlagSnapshotRefresher
// replaces it after each read of the table. The environment overrides and the
// command-line defaults are fixed for the server's life.
class FlagSnapshot
{
public:
    FlagSnapshot(EnvironmentFlagOverrides overrides, BookingService::Settings defaults);

    std::shared_ptr<const FlagState> current() const;
    BookingService::Settings bookingSettings() const { return current()->booking; }
    const EnvironmentFlagOverrides &overrides() const { return m_overrides; }

    // A fresh read of feature_flags (all rows) becomes the current state.
    void update(const QList<FeatureFlag> &stored);

private:
    const EnvironmentFlagOverrides m_overrides;
    const BookingService::Settings m_defaults;
    mutable QMutex m_mutex;
    std::shared_ptr<const FlagState> m_state;
};
