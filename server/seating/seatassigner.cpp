#include "seatassigner.h"

#include "seatingcatalog.h"
#include "seatstaterepository.h"

#include <QJsonArray>
#include <QSet>

#include <optional>

namespace {
using Assigned = SeatAssigner::Assigned;

DomainError notSeated(qint64 showId)
{
    return {ErrorCode::InvalidField,
            QStringLiteral("Show %1 has no seating plan: book a number of seats, not seat_ids.")
                .arg(showId),
            {{QStringLiteral("field"), QStringLiteral("seat_ids")}}};
}

DomainError unknownLabels(const QStringList &labels)
{
    return {ErrorCode::InvalidField,
            QStringLiteral("No such seat in this show's plan: %1.").arg(labels.join(QStringLiteral(", "))),
            {{QStringLiteral("field"), QStringLiteral("seat_ids")},
             {QStringLiteral("seats"), QJsonArray::fromStringList(labels)}}};
}

DomainError noBlock(int count, int free, bool accessible)
{
    const QString message =
        free == 0 ? QStringLiteral("This show is sold out.")
        : free < count
            ? QStringLiteral("Only %1 seat(s) left.").arg(free)
            : QStringLiteral("No %1 seats side by side%2 without leaving a single seat alone; "
                             "%3 seat(s) are free: pick seats instead.")
                  .arg(count)
                  .arg(accessible ? QStringLiteral(" with an accessible seat") : QString())
                  .arg(free);
    return {ErrorCode::NotEnoughSeats, message, {{QStringLiteral("available_seats"), free}}};
}
} // namespace

Result<bool> SeatAssigner::anySeated(const QList<qint64> &showIds)
{
    const auto plans = SeatingCatalog::instance().plansOfShows(m_session, showIds);
    if (!plans)
        return plans.error();
    for (const qint64 plan : *plans)
        if (plan != 0)
            return true;
    return false;
}

QList<Result<Assigned>> SeatAssigner::assign(const QList<Want> &wants)
{
    QList<qint64> showIds;
    for (const Want &want : wants)
        showIds << want.showId;
    QList<Result<Assigned>> results;
    const auto plans = SeatingCatalog::instance().plansOfShows(m_session, showIds);
    if (!plans) {
        for (qsizetype i = 0; i < wants.size(); ++i)
            results << plans.error();
        return results;
    }
    // Per seated show: its plan, and which of its seats are taken so far
    // (read once, only when a want needs best available).
    struct ShowSeats
    {
        SeatingCatalog::PlanPointer plan;
        std::optional<QList<bool>> taken; // by index into plan->plan.seats
        QSet<int> given;                  // to earlier wants of this call
    };
    QHash<qint64, ShowSeats> shows;
    for (const Want &want : wants) {
        const qint64 planId = plans->value(want.showId, 0);
        if (planId == 0) {
            if (!want.labels.isEmpty())
                results << notSeated(want.showId);
            else
                results << Assigned{};
            continue;
        }
        ShowSeats &show = shows[want.showId];
        if (!show.plan) {
            const auto plan = SeatingCatalog::instance().plan(m_session, planId);
            if (!plan) {
                results << plan.error();
                continue;
            }
            show.plan = *plan;
        }
        const SeatingCatalog::LoadedPlan &plan = *show.plan;
        Assigned assigned{planId, {}, want.labels.isEmpty()};
        if (!want.labels.isEmpty()) {
            QStringList unknown;
            for (const QString &label : want.labels) {
                const auto found = plan.indexByLabel.constFind(label);
                if (found == plan.indexByLabel.constEnd()) {
                    unknown << label;
                    continue;
                }
                assigned.seatIds << plan.plan.seats[*found].id;
                show.given.insert(*found);
            }
            if (!unknown.isEmpty())
                results << unknownLabels(unknown);
            else
                results << assigned;
            continue;
        }
        if (!show.taken) {
            const auto taken = SeatStateRepository(m_session).takenSeats(want.showId);
            if (!taken) {
                results << taken.error();
                continue;
            }
            QList<bool> flags(plan.plan.seats.size(), false);
            for (auto it = taken->constBegin(); it != taken->constEnd(); ++it) {
                const auto index = plan.indexById.constFind(it.key());
                if (index != plan.indexById.constEnd())
                    flags[*index] = true;
            }
            show.taken = flags;
        }
        QList<bool> taken = *show.taken;
        for (const int index : std::as_const(show.given))
            taken[index] = true;
        const auto chosen = plan.bestAvailable.choose(taken, {want.count, want.accessible});
        if (!chosen) {
            results << noBlock(want.count, int(taken.count(false)), want.accessible);
            continue;
        }
        for (const int index : *chosen) {
            assigned.seatIds << plan.plan.seats[index].id;
            show.given.insert(index);
        }
        results << assigned;
    }
    return results;
}
