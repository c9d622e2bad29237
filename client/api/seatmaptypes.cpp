#include "seatmaptypes.h"

#include <array>
#include <utility>

namespace Api {
namespace {
constexpr std::array kStateNames{
    std::pair{SeatState::Free, "free"},
    std::pair{SeatState::Held, "held"},
    std::pair{SeatState::Sold, "sold"},
    std::pair{SeatState::Blocked, "blocked"},
};
} // namespace

QString seatStateName(SeatState state)
{
    for (const auto &[known, name] : kStateNames) {
        if (known == state)
            return QLatin1String(name);
    }
    return {};
}

std::optional<SeatState> seatStateFromName(const QString &name)
{
    for (const auto &[state, known] : kStateNames) {
        if (name == QLatin1String(known))
            return state;
    }
    return std::nullopt;
}

int SeatCounts::of(SeatState state) const
{
    switch (state) {
    case SeatState::Free:
        return free;
    case SeatState::Held:
        return held;
    case SeatState::Sold:
        return sold;
    case SeatState::Blocked:
        return blocked;
    }
    return 0;
}

void SeatCounts::add(SeatState state, int delta)
{
    switch (state) {
    case SeatState::Free:
        free += delta;
        return;
    case SeatState::Held:
        held += delta;
        return;
    case SeatState::Sold:
        sold += delta;
        return;
    case SeatState::Blocked:
        blocked += delta;
        return;
    }
}

} // namespace Api
