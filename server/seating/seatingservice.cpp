#include "seatingservice.h"

#include "audit/auditrepository.h"
#include "db/transaction.h"
#include "seatingplanjson.h"

#include <QJsonArray>
#include <QSet>

namespace {
DomainError unavailable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."),
            {}};
}

DomainError showNotFound(qint64 showId)
{
    return {ErrorCode::ShowNotFound, QStringLiteral("Show %1 does not exist.").arg(showId), {}};
}

// "A-1, A-2 and 3 more": a message stays short however many seats it is about;
// details.seats has them all.
QString labelList(const QStringList &labels)
{
    constexpr qsizetype kNamed = 10;
    QString text = labels.mid(0, kNamed).join(QStringLiteral(", "));
    if (labels.size() > kNamed)
        text += QStringLiteral(" and %1 more").arg(labels.size() - kNamed);
    return text;
}

DomainError seatsError(ErrorCode code, const QString &field, const QString &message,
                       const QStringList &labels)
{
    return {code,
            message,
            {{QStringLiteral("field"), field},
             {QStringLiteral("seats"), QJsonArray::fromStringList(labels)}}};
}

// Labels of plan seat ids, as the plan prints them (an id the plan does not
// know stays a number: it cannot come from a label, so it is a bug worth seeing).
QStringList labelsOf(const SeatingCatalog::LoadedPlan &plan, const QList<qint64> &ids)
{
    QStringList labels;
    for (const qint64 id : ids) {
        const int index = plan.indexById.value(id, -1);
        labels << (index >= 0 ? plan.plan.seats.at(index).label : QString::number(id));
    }
    return labels;
}

QStringList duplicatesIn(const QStringList &labels)
{
    QSet<QString> seen;
    QStringList twice;
    for (const QString &label : labels) {
        if (seen.contains(label)) {
            if (!twice.contains(label))
                twice << label;
        } else {
            seen.insert(label);
        }
    }
    return twice;
}
} // namespace

std::optional<DomainError> SeatingService::check(const BlockCommand &command)
{
    if (command.block.isEmpty() && command.unblock.isEmpty())
        return DomainError{ErrorCode::MissingField,
                           QStringLiteral("Give block or unblock: a list of seat labels."),
                           {{QStringLiteral("field"), QStringLiteral("block")}}};
    if (command.block.size() + command.unblock.size() > kMaxLabelsPerChange)
        return DomainError{
            ErrorCode::OutOfRange,
            QStringLiteral("At most %1 seats can be blocked or unblocked in one change.")
                .arg(kMaxLabelsPerChange),
            {{QStringLiteral("field"),
              command.block.isEmpty() ? QStringLiteral("unblock") : QStringLiteral("block")}}};
    // Each seat once: a request that names one twice, or in both lists, says
    // two things and neither can be picked as the one meant.
    const QSet<QString> blocked(command.block.cbegin(), command.block.cend());
    QStringList both;
    for (const QString &label : command.unblock)
        if (blocked.contains(label) && !both.contains(label))
            both << label;
    if (!both.isEmpty())
        return seatsError(
            ErrorCode::InvalidField, QStringLiteral("unblock"),
            QStringLiteral("Seats %1 are both in block and unblock.").arg(labelList(both)), both);
    for (const auto &[field, labels] : {std::pair{QStringLiteral("block"), command.block},
                                        std::pair{QStringLiteral("unblock"), command.unblock}}) {
        const QStringList twice = duplicatesIn(labels);
        if (!twice.isEmpty())
            return seatsError(ErrorCode::InvalidField, field,
                              QStringLiteral("Seats %1 are named more than once in %2.")
                                  .arg(labelList(twice), field),
                              twice);
    }
    return std::nullopt;
}

Result<SeatingPlan> SeatingService::createPlan(const QJsonObject &body, const AuditContext &who)
{
    Result<SeatingPlan> plan = SeatingPlanJson::fromJson(body);
    if (!plan)
        return plan;
    // The plan and its audit row commit together, or neither does.
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    Result<SeatingPlan> stored = SeatingPlanRepository(m_session).create(*plan);
    if (!stored)
        return stored;
    AuditEntry entry;
    entry.context = who;
    entry.action = QStringLiteral("plan.create");
    entry.targetType = QStringLiteral("plan");
    entry.targetId = QString::number(stored->id);
    QJsonArray sections;
    for (const PlanSection &section : stored->sections)
        sections.append(section.name);
    entry.after = QJsonObject{{QStringLiteral("name"), stored->name},
                              {QStringLiteral("seat_count"), int(stored->seats.size())},
                              {QStringLiteral("sections"), sections}};
    if (const auto logged = AuditRepository(m_session).append(entry); !logged)
        return logged.error();
    if (!transaction.commit())
        return unavailable();
    SeatingCatalog::instance().remember(m_session, *stored);
    return stored;
}

Result<QList<SeatingPlanRepository::Summary>> SeatingService::listPlans()
{
    return SeatingPlanRepository(m_session).list();
}

Result<SeatingCatalog::PlanPointer> SeatingService::plan(qint64 id)
{
    return SeatingCatalog::instance().plan(m_session, id);
}

Result<SeatingCatalog::PlanPointer> SeatingService::planOfShow(qint64 showId,
                                                               const DomainError &generalAdmission)
{
    const auto plans = SeatingCatalog::instance().plansOfShows(m_session, {showId});
    if (!plans)
        return plans.error();
    const auto found = plans->constFind(showId);
    if (found == plans->constEnd())
        return showNotFound(showId);
    if (*found <= 0)
        return generalAdmission;
    return SeatingCatalog::instance().plan(m_session, *found);
}

Result<SeatingService::SeatMap> SeatingService::seatMap(qint64 showId)
{
    const auto plan = planOfShow(
        showId,
        DomainError{ErrorCode::NotFound,
                    QStringLiteral("Show %1 is general admission: it has no seat map.").arg(showId),
                    {{QStringLiteral("show_id"), showId},
                     {QStringLiteral("reason"), QStringLiteral("general_admission")}}});
    if (!plan)
        return plan.error();
    auto taken = SeatStateRepository(m_session).takenSeats(showId);
    if (!taken)
        return taken.error();
    return SeatMap{showId, *plan, std::move(taken.value())};
}

Result<SeatingService::Blocked> SeatingService::setBlocks(const BlockCommand &command,
                                                          const AuditContext &who)
{
    if (auto error = check(command))
        return *error;
    const DomainError notSeated{
        ErrorCode::InvalidField,
        QStringLiteral("Show %1 has no seating plan: it is general admission, so it has no "
                       "seats to block.")
            .arg(command.showId),
        {{QStringLiteral("field"),
          command.block.isEmpty() ? QStringLiteral("unblock") : QStringLiteral("block")}}};
    const auto plan = planOfShow(command.showId, notSeated);
    if (!plan)
        return plan.error();
    const SeatingCatalog::LoadedPlan &loaded = **plan;

    // Labels to seat ids with the cached plan: an unknown label is refused
    // before any write, with every unknown one named.
    QList<qint64> block, unblock;
    QStringList unknown;
    QString unknownField;
    for (const auto &[field, labels, ids] :
         {std::tuple{QStringLiteral("block"), &command.block, &block},
          std::tuple{QStringLiteral("unblock"), &command.unblock, &unblock}}) {
        for (const QString &label : *labels) {
            const int index = loaded.indexByLabel.value(label, -1);
            if (index >= 0) {
                *ids << loaded.plan.seats.at(index).id;
            } else {
                unknown << label;
                if (unknownField.isEmpty())
                    unknownField = field;
            }
        }
    }
    if (!unknown.isEmpty())
        return seatsError(ErrorCode::InvalidField, unknownField,
                          QStringLiteral("Show %1's plan has no seats %2.")
                              .arg(command.showId)
                              .arg(labelList(unknown)),
                          unknown);

    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    ShowSeatsRepository shows(m_session);
    // Locked first, so "before" is the capacity this change replaces.
    const auto before = shows.lockCapacity(command.showId);
    if (!before)
        return before.error();
    const auto outcome = SeatStateRepository(m_session).setBlocks(command.showId, block, unblock);
    if (!outcome)
        return outcome.error();
    const QString &code = outcome->outcome;
    if (code == QLatin1String("show_not_found"))
        return showNotFound(command.showId);
    if (code == QLatin1String("not_seated"))
        return notSeated;
    if (code == QLatin1String("show_cancelled"))
        return DomainError{ErrorCode::ShowCancelled,
                           QStringLiteral("Show %1 is cancelled.").arg(command.showId),
                           {}};
    if (code == QLatin1String("unknown_seats")) {
        const QStringList labels = labelsOf(loaded, outcome->seats);
        return seatsError(ErrorCode::InvalidField, QStringLiteral("block"),
                          QStringLiteral("Show %1's plan has no seats %2.")
                              .arg(command.showId)
                              .arg(labelList(labels)),
                          labels);
    }
    if (code == QLatin1String("seats_taken")) {
        const QStringList labels = labelsOf(loaded, outcome->seats);
        return seatsError(ErrorCode::SeatsTaken, QStringLiteral("block"),
                          QStringLiteral("Seats %1 are held or sold, so they cannot be blocked; "
                                         "nothing was changed.")
                              .arg(labelList(labels)),
                          labels);
    }
    if (code != QLatin1String("ok"))
        return DomainError{
            ErrorCode::Internal, QStringLiteral("The seats could not be changed."), {}};
    const auto after = shows.lockCapacity(command.showId);
    if (!after)
        return after.error();
    if (!*after)
        return showNotFound(command.showId);

    AuditEntry entry;
    entry.context = who;
    entry.action = QStringLiteral("show.seats");
    entry.targetType = QStringLiteral("show");
    entry.targetId = QString::number(command.showId);
    if (*before)
        entry.before = QJsonObject{{QStringLiteral("total_seats"), (*before)->totalSeats}};
    entry.after = QJsonObject{{QStringLiteral("total_seats"), (*after)->totalSeats}};
    if (!command.block.isEmpty())
        entry.after->insert(QStringLiteral("blocked"), QJsonArray::fromStringList(command.block));
    if (!command.unblock.isEmpty())
        entry.after->insert(QStringLiteral("unblocked"),
                            QJsonArray::fromStringList(command.unblock));
    if (const auto logged = AuditRepository(m_session).append(entry); !logged)
        return logged.error();
    if (!transaction.commit())
        return unavailable();
    return Blocked{command.showId, loaded.plan.id, **after};
}
