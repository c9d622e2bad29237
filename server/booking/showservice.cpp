#include "showservice.h"

#include "apilimits.h"
#include "audit/auditrepository.h"
#include "db/transaction.h"
#include "metrics/servermetrics.h"
#include "seating/seatingcatalog.h"
#include "showrepository.h"

namespace {
DomainError fieldError(ErrorCode code, const QString &field, const QString &message)
{
    return {code, message, {{QStringLiteral("field"), field}}};
}

std::optional<DomainError> nameError(const QString &name)
{
    const qsizetype length = name.toUcs4().size();
    if (length >= 1 && length <= Limits::kMaxShowNameLength)
        return std::nullopt;
    return fieldError(
        ErrorCode::OutOfRange, QStringLiteral("name"),
        QStringLiteral("name must be 1 to %1 characters long.").arg(Limits::kMaxShowNameLength));
}

DomainError unavailable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."),
            {}};
}

// The fields an operator sets, as the audit log shows them.
QJsonObject editable(const Show &show)
{
    const QJsonObject json = show.toJson();
    QJsonObject fields;
    for (const QString key :
         {QStringLiteral("name"), QStringLiteral("start_time"), QStringLiteral("total_seats")})
        fields.insert(key, json.value(key));
    if (show.isSeated())
        fields.insert(QStringLiteral("seating_plan_id"), show.seatingPlanId);
    return fields;
}

AuditEntry showEntry(const AuditContext &who, const QString &action, qint64 id)
{
    AuditEntry entry;
    entry.context = who;
    entry.action = action;
    entry.targetType = QStringLiteral("show");
    entry.targetId = QString::number(id);
    return entry;
}

std::optional<DomainError> seatsError(int seats)
{
    if (seats >= 1 && seats <= Limits::kMaxTotalSeats)
        return std::nullopt;
    return fieldError(
        ErrorCode::OutOfRange, QStringLiteral("total_seats"),
        QStringLiteral("total_seats must be between 1 and %1.").arg(Limits::kMaxTotalSeats));
}
} // namespace

std::optional<DomainError> ShowService::check(const CreateCommand &command)
{
    if (auto error = nameError(command.name))
        return error;
    if (command.seatingPlanId > 0) {
        if (command.totalSeats != 0)
            return fieldError(ErrorCode::InvalidField, QStringLiteral("total_seats"),
                              QStringLiteral("Give total_seats or seating_plan_id, not both: a "
                                             "seated show has as many seats as its plan."));
        return std::nullopt;
    }
    return seatsError(command.totalSeats);
}

std::optional<DomainError> ShowService::check(const UpdateCommand &command)
{
    if (command.name)
        if (auto error = nameError(*command.name))
            return error;
    if (command.totalSeats)
        if (auto error = seatsError(*command.totalSeats))
            return error;
    if (!command.name && !command.startTime && !command.totalSeats)
        return DomainError{ErrorCode::MissingField,
                           QStringLiteral("Give at least one of name, start_time, total_seats."),
                           {}};
    return std::nullopt;
}

Result<QList<Show>> ShowService::list()
{
    return ShowRepository(m_session).list();
}

Result<Show> ShowService::get(qint64 id)
{
    return ShowRepository(m_session).find(id);
}

Result<Show> ShowService::create(const CreateCommand &command, const AuditContext &who)
{
    if (auto error = check(command))
        return *error;
    int totalSeats = command.totalSeats;
    if (command.seatingPlanId > 0) {
        // Plans never change once written, so the cached one's count is the
        // stored one; the foreign key still refuses a plan that is not there.
        const auto plan = SeatingCatalog::instance().plan(m_session, command.seatingPlanId);
        if (!plan)
            return plan.error();
        totalSeats = int((*plan)->plan.seats.size());
    }
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    const auto show = ShowRepository(m_session).create(command.name, command.startTime, totalSeats,
                                                       command.seatingPlanId);
    if (!show)
        return show;
    AuditEntry entry = showEntry(who, QStringLiteral("show.create"), show->id);
    entry.after = editable(*show);
    if (const auto logged = AuditRepository(m_session).append(entry); !logged)
        return logged.error();
    if (!transaction.commit())
        return unavailable();
    return show;
}

Result<Show> ShowService::update(const UpdateCommand &command, const AuditContext &who)
{
    if (auto error = check(command))
        return *error;
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    ShowRepository shows(m_session);
    // Locked first, so "before" is the row this change replaces.
    const auto exists = shows.lock(command.id);
    if (!exists)
        return exists.error();
    std::optional<Show> before;
    if (*exists) {
        const auto found = shows.find(command.id);
        if (!found)
            return found;
        before = *found;
        if (before->isSeated() && command.totalSeats)
            return fieldError(ErrorCode::InvalidField, QStringLiteral("total_seats"),
                              QStringLiteral("Show %1 is seated: a seated show's capacity follows "
                                             "its plan and its blocked seats, so total_seats "
                                             "cannot be set. Block or unblock seats instead.")
                                  .arg(command.id));
    }
    const auto updated = shows.update(command.id, command);
    if (!updated || !before)
        return updated;
    const QJsonObject old = editable(*before);
    const QJsonObject now = editable(*updated);
    AuditEntry entry = showEntry(who, QStringLiteral("show.update"), command.id);
    entry.before = QJsonObject();
    entry.after = QJsonObject();
    for (auto it = now.begin(); it != now.end(); ++it) {
        if (old.value(it.key()) != it.value()) {
            entry.before->insert(it.key(), old.value(it.key()));
            entry.after->insert(it.key(), it.value());
        }
    }
    // Setting a field to the value it has is no change: nothing to record.
    if (!entry.after->isEmpty())
        if (const auto logged = AuditRepository(m_session).append(entry); !logged)
            return logged.error();
    if (!transaction.commit())
        return unavailable();
    return updated;
}

Result<ShowService::Cancelled> ShowService::cancel(qint64 id, const AuditContext &who)
{
    Transaction transaction(m_session);
    if (!transaction.isActive())
        return unavailable();
    ShowRepository shows(m_session);
    // Read without a lock: cancel_show locks the show's bookings before the
    // show, as everything does, and locking the show first here could deadlock.
    const auto before = shows.find(id);
    if (!before)
        return before.error();
    const auto cancelled = shows.cancel(id);
    if (!cancelled)
        return cancelled;
    if (!before->isCancelled()) {
        AuditEntry entry = showEntry(who, QStringLiteral("show.cancel"), id);
        entry.before = QJsonObject{{QStringLiteral("status"), Show::statusName(before->status)}};
        entry.after =
            QJsonObject{{QStringLiteral("status"), Show::statusName(cancelled->show.status)},
                        {QStringLiteral("cancelled_bookings"), cancelled->cancelledBookings}};
        if (const auto logged = AuditRepository(m_session).append(entry); !logged)
            return logged.error();
    }
    if (!transaction.commit())
        return unavailable();
    // Only the bookings this call ended (PENDING or CONFIRMED ones): none when
    // the show was already cancelled.
    ServerMetrics::instance().countBooking(BookingOutcome::Cancelled, cancelled->cancelledBookings);
    return cancelled;
}
