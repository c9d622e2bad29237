#pragma once

#include "result.h"
#include "show.h"

#include <QList>
#include <QString>

#include <optional>

// What the counter knows about sales paused by an operator: from GET /config
// (polled) and, at once, from a hold the server refused with sales_paused.
// Decides whether a show may be held and, if not, the sentence for the banner.
struct SalesPauseState
{
    bool allPaused = false;
    QList<qint64> pausedShowIds; // sorted

    // Takes what a sales_paused refusal says (scope "all", or "show" with its show_id).
    // Returns false when the error is no sales_paused.
    bool noteRefusal(const DomainError &error);

    bool isPaused(qint64 showId) const;
    // Why `show` cannot be held now; nothing when it can.
    std::optional<QString> reasonFor(const std::optional<Show> &show) const;

    bool operator==(const SalesPauseState &) const = default;
};
