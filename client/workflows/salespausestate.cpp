#include "salespausestate.h"

#include "usermessage.h"

#include <algorithm>

bool SalesPauseState::noteRefusal(const DomainError &error)
{
    if (error.code != ErrorCode::SalesPaused)
        return false;
    if (error.details.value(QLatin1String("scope")).toString() == QLatin1String("show")) {
        const qint64 showId = error.details.value(QLatin1String("show_id")).toInteger();
        if (showId > 0 && !isPaused(showId)) {
            pausedShowIds.insert(
                std::lower_bound(pausedShowIds.begin(), pausedShowIds.end(), showId), showId);
        }
    } else {
        // "all", or a scope this client does not know: the safe reading is "everything".
        allPaused = true;
    }
    return true;
}

bool SalesPauseState::isPaused(qint64 showId) const
{
    return allPaused || std::binary_search(pausedShowIds.begin(), pausedShowIds.end(), showId);
}

std::optional<QString> SalesPauseState::reasonFor(const std::optional<Show> &show) const
{
    if (allPaused)
        return UserMessage::salesPausedForAll();
    if (show && isPaused(show->id))
        return UserMessage::salesPausedForShow(show->name);
    return std::nullopt;
}
