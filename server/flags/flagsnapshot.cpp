#include "flagsnapshot.h"

#include "effectiveflags.h"
#include "flagrepository.h"

#include <QMutexLocker>

FlagSnapshot::FlagSnapshot(EnvironmentFlagOverrides overrides, BookingService::Settings defaults)
    : m_overrides(std::move(overrides)), m_defaults(std::move(defaults))
{
    // Until the first read: the environment alone over the defaults.
    update({});
}

std::shared_ptr<const FlagState> FlagSnapshot::current() const
{
    const QMutexLocker lock(&m_mutex);
    return m_state;
}

void FlagSnapshot::update(const QList<FeatureFlag> &stored)
{
    // Built outside the lock: readers wait only for the pointer swap.
    auto state = std::make_shared<FlagState>();
    state->flags = EffectiveFlags::compose(stored, m_overrides);
    state->booking = EffectiveFlags::bookingSettings(state->flags, m_defaults);
    std::shared_ptr<const FlagState> old;
    const QMutexLocker lock(&m_mutex);
    old.swap(m_state);
    m_state = std::move(state);
}

std::optional<DomainError> FlagSnapshot::reload(DatabaseSession &session)
{
    const QMutexLocker serialised(&m_reloadMutex);
    const auto flags = FlagRepository(session).list();
    if (!flags)
        return flags.error();
    update(*flags);
    return std::nullopt;
}
