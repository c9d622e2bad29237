#include "changeevent.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace {
std::optional<BookingChange> bookingFrom(const QJsonValue &value)
{
    const QJsonArray fields = value.toArray();
    if (fields.size() != 6 || !fields.at(0).isDouble() || !fields.at(1).isDouble() ||
        !fields.at(2).isString() || !fields.at(3).isDouble())
        return std::nullopt;
    BookingChange change;
    change.id = fields.at(0).toInteger();
    change.showId = fields.at(1).toInteger();
    change.status = fields.at(2).toString();
    change.seats = fields.at(3).toInt();
    change.tokenId = fields.at(4).isDouble() ? fields.at(4).toInteger() : 0;
    if (fields.at(5).isString())
        change.holderPrefix = QByteArray::fromHex(fields.at(5).toString().toLatin1());
    return change;
}

std::optional<Show> showFrom(const QJsonObject &json)
{
    const auto status = Show::statusFromName(json.value(QLatin1String("status")).toString());
    if (!json.value(QLatin1String("id")).isDouble() || !status)
        return std::nullopt;
    Show show;
    show.id = json.value(QLatin1String("id")).toInteger();
    show.name = json.value(QLatin1String("name")).toString();
    show.startTime = QDateTime::fromMSecsSinceEpoch(
        json.value(QLatin1String("start")).toInteger(), Qt::UTC);
    show.totalSeats = json.value(QLatin1String("total")).toInt();
    show.status = *status;
    // As GET /shows says it: a cancelled show has nothing held or sold.
    if (!show.isCancelled()) {
        show.reservedSeats = json.value(QLatin1String("reserved")).toInt();
        show.soldSeats = json.value(QLatin1String("sold")).toInt();
        show.heldSeats = show.reservedSeats - show.soldSeats;
    }
    show.version = json.value(QLatin1String("seq")).toInteger();
    show.seatingPlanId = json.value(QLatin1String("plan")).toInteger(); // 019; 0 = none
    return show;
}
} // namespace

std::optional<ChangeEvent> ChangeEvent::fromPayload(const QByteArray &payload)
{
    const QJsonObject json = QJsonDocument::fromJson(payload).object();
    const QString kind = json.value(QLatin1String("e")).toString();
    ChangeEvent event;
    event.seq = json.value(QLatin1String("seq")).toInteger();
    event.atMs = json.value(QLatin1String("at")).toInteger();
    if (event.seq <= 0)
        return std::nullopt;
    if (kind == QLatin1String("show")) {
        const auto show = showFrom(json);
        if (!show)
            return std::nullopt;
        event.kind = Kind::Show;
        event.show = *show;
        return event;
    }
    if (kind == QLatin1String("bookings")) {
        event.kind = Kind::Bookings;
        const QJsonArray items = json.value(QLatin1String("b")).toArray();
        for (const QJsonValue &item : items) {
            const auto change = bookingFrom(item);
            if (!change)
                return std::nullopt;
            event.bookings.append(*change);
        }
        return event;
    }
    if (kind == QLatin1String("seats")) {
        event.kind = Kind::Seats;
        event.seatsShowId = json.value(QLatin1String("show")).toInteger();
        if (event.seatsShowId <= 0)
            return std::nullopt;
        for (const QJsonValue &item : json.value(QLatin1String("s")).toArray()) {
            const QJsonArray pair = item.toArray();
            if (pair.size() != 2 || !pair.at(0).isDouble() || !pair.at(1).isString())
                return std::nullopt;
            event.seats.append({pair.at(0).toInteger(), pair.at(1).toString()});
        }
        return event;
    }
    if (kind == QLatin1String("flag")) {
        event.kind = Kind::Flag;
        event.flagKey = json.value(QLatin1String("key")).toString();
        return event;
    }
    return std::nullopt;
}
