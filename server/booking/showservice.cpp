#include "showservice.h"

#include "apilimits.h"
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

Result<Show> ShowService::create(const CreateCommand &command)
{
    if (auto error = check(command))
        return *error;
    return ShowRepository(m_session).create(command.name, command.startTime, command.totalSeats);
}

Result<Show> ShowService::update(const UpdateCommand &command)
{
    if (auto error = check(command))
        return *error;
    return ShowRepository(m_session).update(command.id, command);
}

Result<ShowService::Cancelled> ShowService::cancel(qint64 id)
{
    return ShowRepository(m_session).cancel(id);
}
