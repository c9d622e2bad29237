#include "usermessage.h"

#include "apierror.h"

#include <QCoreApplication>

namespace UserMessage {
namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("UserMessage", text);
}
} // namespace

QString seats(int count)
{
    return count == 1 ? tr("1 seat") : tr("%1 seats").arg(count);
}

QString bookings(int count)
{
    return count == 1 ? tr("1 booking") : tr("%1 bookings").arg(count);
}

QString seatsOf(const Booking &booking)
{
    if (booking.seatLabels.isEmpty())
        return seats(booking.seats);
    return tr("%1 (%2)").arg(seats(booking.seats), booking.seatLabels.join(QStringLiteral(", ")));
}

QString forError(const DomainError &error)
{
    if (ApiError::kind(error) != ApiError::Kind::Rejected)
        return ApiError::describe(error);
    switch (error.code) {
    case ErrorCode::Unauthorized:
        return tr("The server refused the admin token. Check it under File › Connection.");
    case ErrorCode::BookingExpired:
        return tr("This hold has expired; its seats were released.");
    case ErrorCode::BookingCancelled:
        return tr("This booking was cancelled.");
    case ErrorCode::BookingNotFound:
        return tr("No booking with that reference.");
    case ErrorCode::ShowNotFound:
        return tr("That show no longer exists.");
    case ErrorCode::ShowCancelled:
        return tr("That show has been cancelled.");
    case ErrorCode::CapacityBelowReserved: {
        const int reserved = error.details.value(QLatin1String("reserved_seats")).toInt();
        return tr("Cannot go below the %1 already held or sold.").arg(seats(reserved));
    }
    case ErrorCode::DatabaseUnavailable:
        return tr("The server cannot reach its database right now. Try again shortly.");
    case ErrorCode::NotEnoughSeats: {
        const int available = error.details.value(QLatin1String("available_seats")).toInt();
        return available == 0 ? tr("Sold out.") : tr("Only %1 left.").arg(seats(available));
    }
    case ErrorCode::SalesPaused:
        return salesPaused(error, tr("this show"));
    case ErrorCode::SeatsTaken: {
        const QStringList taken = ApiError::seatLabels(error);
        return taken.isEmpty() ? tr("Some of those seats are taken.")
                               : tr("Already taken: %1.").arg(taken.join(QStringLiteral(", ")));
    }
    case ErrorCode::VersionConflict:
        return tr("Someone else changed this flag meanwhile.");
    default:
        return error.message;
    }
}

QString salesPaused(const DomainError &error, const QString &showName)
{
    if (error.details.value(QLatin1String("scope")).toString() == QLatin1String("show"))
        return salesPausedForShow(showName);
    return salesPausedForAll();
}

QString salesPausedForAll()
{
    return tr("Sales are paused by the box-office manager.");
}

QString salesPausedForShow(const QString &showName)
{
    return tr("Sales for %1 are paused.").arg(showName);
}

QString forHoldError(const DomainError &error, const QString &showName, int requested)
{
    if (ApiError::isTransport(error)) {
        return tr("Not held: %1. Press Enter to try again; the hold will not be made twice.")
            .arg(ApiError::describe(error));
    }
    if (error.code == ErrorCode::NotEnoughSeats) {
        const int available = error.details.value(QLatin1String("available_seats")).toInt();
        if (available == 0)
            return tr("%1 is sold out.").arg(showName);
        return tr("Only %1 left for %2 (asked for %3).")
            .arg(seats(available), showName, QString::number(requested));
    }
    if (error.code == ErrorCode::SalesPaused)
        return salesPaused(error, showName);
    return forError(error);
}

QString forSeatHoldError(const DomainError &error, const QString &showName,
                         const Api::SeatChoice &choice)
{
    if (error.code == ErrorCode::SeatsTaken) {
        const QStringList taken = ApiError::seatLabels(error);
        if (taken.size() == 1)
            return tr("%1 was just taken; nothing was held. Pick another seat.").arg(taken.first());
        return tr("%1 were just taken; nothing was held. Pick other seats.")
            .arg(taken.join(QStringLiteral(", ")));
    }
    if (error.code == ErrorCode::NotEnoughSeats && !choice.isPicked()) {
        const int available = error.details.value(QLatin1String("available_seats")).toInt(-1);
        // Seats may be free, just not that many side by side (best-available never
        // leaves a single seat stranded).
        if (available >= choice.seatCount() || available < 0)
            return choice.accessible
                       ? tr("No %1 side by side with an accessible seat are free for %2. Pick "
                            "seats on the map.")
                             .arg(seats(choice.seatCount()), showName)
                       : tr("No %1 side by side are free for %2. Pick seats on the map.")
                             .arg(seats(choice.seatCount()), showName);
    }
    return forHoldError(error, showName, choice.seatCount());
}

} // namespace UserMessage
