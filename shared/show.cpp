#include "show.h"

#include <QJsonArray>

#include "timestamps.h"

QString Show::statusName(Status status)
{
    return status == Status::Cancelled ? QStringLiteral("CANCELLED") : QStringLiteral("SCHEDULED");
}

std::optional<Show::Status> Show::statusFromName(const QString &name)
{
    if (name == QLatin1String("SCHEDULED"))
        return Status::Scheduled;
    if (name == QLatin1String("CANCELLED"))
        return Status::Cancelled;
    return std::nullopt;
}

QJsonObject Show::toJson() const
{
    QJsonObject json{
        {QStringLiteral("id"), id},
        {QStringLiteral("name"), name},
        {QStringLiteral("start_time"), Timestamps::toIsoUtc(startTime)},
        {QStringLiteral("total_seats"), totalSeats},
        {QStringLiteral("reserved_seats"), reservedSeats},
        {QStringLiteral("available_seats"), availableSeats()},
        {QStringLiteral("held_seats"), heldSeats},
        {QStringLiteral("sold_seats"), soldSeats},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("version"), version},
    };
    // Only for seated shows: general admission answers exactly as before
    // reserved seating, for the clients that compare it field by field.
    if (isSeated())
        json.insert(QStringLiteral("seating_plan_id"), seatingPlanId);
    if (!Sales::isUnpriced(categories)) {
        QJsonArray list;
        for (const TicketCategory &category : categories)
            list.append(category.toJson());
        json.insert(QStringLiteral("categories"), list);
    }
    return json;
}

std::optional<Show> Show::fromJson(const QJsonObject &json)
{
    const auto status = statusFromName(json.value(QLatin1String("status")).toString());
    if (!json.value(QLatin1String("id")).isDouble() ||
        !json.value(QLatin1String("name")).isString() || !status)
        return std::nullopt;
    Show show;
    show.id = json.value(QLatin1String("id")).toInteger();
    show.name = json.value(QLatin1String("name")).toString();
    show.startTime =
        Timestamps::parseIsoWithOffset(json.value(QLatin1String("start_time")).toString());
    show.totalSeats = json.value(QLatin1String("total_seats")).toInt();
    show.reservedSeats = json.value(QLatin1String("reserved_seats")).toInt();
    show.heldSeats = json.value(QLatin1String("held_seats")).toInt();
    show.soldSeats = json.value(QLatin1String("sold_seats")).toInt();
    show.status = *status;
    show.version = json.value(QLatin1String("version")).toInteger();
    show.seatingPlanId = json.value(QLatin1String("seating_plan_id")).toInteger();
    if (!show.startTime.isValid())
        return std::nullopt;
    return show;
}
