#include "showservice.h"

#include "apilimits.h"
#include "audit/auditrepository.h"
#include "db/transaction.h"
#include "metrics/servermetrics.h"
#include "sales/salesrepository.h"
#include "seating/seatingcatalog.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
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
    // As in the show's JSON: an unpriced show's entries read as before prices.
    if (!Sales::isUnpriced(show.categories)) {
        QJsonArray categories;
        for (const TicketCategory &category : show.categories)
            categories.append(category.toJson());
        fields.insert(QStringLiteral("categories"), categories);
    }
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

std::optional<DomainError> ShowService::check(const QList<TicketCategory> &categories)
{
    const auto invalid = [](const QString &message) {
        return fieldError(ErrorCode::InvalidField, QStringLiteral("categories"), message);
    };
    if (categories.isEmpty() || categories.size() > kMaxCategories)
        return invalid(QStringLiteral("categories must list 1 to %1 ticket categories.")
                           .arg(kMaxCategories));
    static const QRegularExpression code(QStringLiteral("^[a-z0-9_-]{1,40}$"));
    QSet<QString> codes;
    for (const TicketCategory &category : categories) {
        if (!code.match(category.code).hasMatch())
            return invalid(QStringLiteral("A category's code is 1 to 40 of a-z, 0-9, _ and -."));
        if (codes.contains(category.code))
            return invalid(QStringLiteral("categories names %1 twice.").arg(category.code));
        codes.insert(category.code);
        const qsizetype length = category.name.toUcs4().size();
        if (length < 1 || length > 60)
            return invalid(QStringLiteral("A category's name is 1 to 60 characters long."));
        if (category.price < 0 || category.price > kMaxPrice)
            return invalid(QStringLiteral("A category's price is 0 to %1 minor units.")
                               .arg(kMaxPrice));
    }
    return std::nullopt;
}

std::optional<DomainError> ShowService::check(const CreateCommand &command)
{
    if (auto error = nameError(command.name))
        return error;
    if (command.categories)
        if (auto error = check(*command.categories))
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
    if (command.categories)
        if (auto error = check(*command.categories))
            return error;
    if (!command.name && !command.startTime && !command.totalSeats && !command.categories)
        return DomainError{
            ErrorCode::MissingField,
            QStringLiteral("Give at least one of name, start_time, total_seats, categories."),
            {}};
    return std::nullopt;
}

Result<QList<Show>> ShowService::list()
{
    auto shows = ShowRepository(m_session).list();
    if (!shows)
        return shows;
    QList<qint64> ids;
    for (const Show &show : *shows)
        ids << show.id;
    const auto categories = SalesRepository(m_session).categoriesOf(ids);
    if (!categories)
        return categories.error();
    QList<Show> listed = *shows;
    for (Show &show : listed)
        show.categories = categories->value(show.id);
    return listed;
}

Result<Show> ShowService::get(qint64 id)
{
    return withCategories(ShowRepository(m_session).find(id));
}

Result<Show> ShowService::withCategories(Result<Show> show)
{
    if (!show)
        return show;
    const auto categories = SalesRepository(m_session).categoriesOf({show->id});
    if (!categories)
        return categories.error();
    Show found = *show;
    found.categories = categories->value(found.id);
    return found;
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
    auto show = ShowRepository(m_session).create(command.name, command.startTime, totalSeats,
                                                 command.seatingPlanId);
    if (!show)
        return show;
    if (command.categories)
        if (const auto set = SalesRepository(m_session).setCategories(show->id, *command.categories);
            !set)
            return set.error();
    show = withCategories(show);
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
    if (before) {
        const auto priced = withCategories(*before);
        if (!priced)
            return priced;
        before = *priced;
    }
    auto updated = shows.update(command.id, command);
    if (!updated || !before)
        return updated;
    if (command.categories)
        if (const auto set = SalesRepository(m_session).setCategories(command.id, *command.categories);
            !set)
            return set.error();
    updated = withCategories(updated);
    if (!updated)
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
