#pragma once

#include "booking/bookingservice.h"
#include "environmentflagoverrides.h"
#include "featureflag.h"

#include <QMap>
#include <QMutex>

#include <memory>
#include <optional>

// What the request path obeys: every flag's effective value and the booking
// rules derived from the built-ins, as of the last read of the table.
struct FlagState
{
    QMap<QString, EffectiveFlag> flags; // by key
    BookingService::Settings booking;
};

class DatabaseSession;

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
    // Reads the table on this session and makes it the current state; the
    // error (state kept) if the read failed. Used by the refresher and by the
    // API's own writes, which reload before they answer so that this server
    // obeys a change at once for the admin who made it. Reloads from any
    // threads are serialised, read and swap together: each read starts after
    // the last swap, so it sees at least what that one saw, and an older read
    // can never replace a newer state (which no later NOTIFY might correct).
    // Readers of current() never wait for this.
    std::optional<DomainError> reload(DatabaseSession &session);

private:
    const EnvironmentFlagOverrides m_overrides;
    const BookingService::Settings m_defaults;
    QMutex m_reloadMutex; // held across a whole reload: read, then swap
    mutable QMutex m_mutex;
    std::shared_ptr<const FlagState> m_state;
};
