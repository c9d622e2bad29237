#include "pushprotocol.h"

#include "apierror.h"
#include "seatmapdecoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace PushProtocol {
namespace {

DomainError refused(const QString &why)
{
    return ApiError::make(ApiError::Kind::BadResponse,
                          QStringLiteral("live push message refused: %1").arg(why));
}

// A whole, non-negative number (JSON numbers are doubles), else nullopt.
std::optional<qint64> count(const QJsonValue &value)
{
    if (!value.isDouble() || value.toDouble() < 0 || value.toDouble() != double(value.toInteger()))
        return std::nullopt;
    return value.toInteger();
}

std::optional<QList<qint64>> listedBookings(const QJsonObject &subscription)
{
    const QJsonValue bookings = subscription.value(QLatin1String("bookings"));
    if (!bookings.isArray())
        return std::nullopt;
    QList<qint64> ids;
    for (const QJsonValue &id : bookings.toArray()) {
        if (const auto number = count(id))
            ids.append(*number);
    }
    return ids;
}

Result<QList<BookingStateChange>> bookingChanges(const QJsonValue &value)
{
    if (!value.isArray())
        return refused(QStringLiteral("bookings is not a list"));
    QList<BookingStateChange> changes;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject object = item.toObject();
        const auto id = count(object.value(QLatin1String("id")));
        const auto showId = count(object.value(QLatin1String("show_id")));
        const auto status =
            Booking::statusFromName(object.value(QLatin1String("status")).toString());
        const auto seats = count(object.value(QLatin1String("seats")));
        if (!id || !showId || !status || !seats)
            return refused(QStringLiteral("a booking change lacks id, show_id, status or seats"));
        changes.append({*id, *showId, *status, int(*seats)});
    }
    return changes;
}

} // namespace

Result<Message> decode(const QByteArray &text)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(text, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return refused(QStringLiteral("not a JSON object"));
    const QJsonObject object = document.object();
    const QString type = object.value(QLatin1String("type")).toString();

    Message message;
    message.seq = count(object.value(QLatin1String("seq"))).value_or(0);
    if (type == QLatin1String("hello") || type == QLatin1String("subscribed")) {
        message.type =
            type == QLatin1String("hello") ? Message::Type::Hello : Message::Type::Subscribed;
        message.subscribedBookings =
            listedBookings(object.value(QLatin1String("subscription")).toObject());
        return message;
    }
    if (type == QLatin1String("resync")) {
        message.type = Message::Type::Resync;
        message.reason = object.value(QLatin1String("reason")).toString();
        return message;
    }
    if (type == QLatin1String("error")) {
        message.type = Message::Type::Error;
        message.errorCode = object.value(QLatin1String("code")).toString();
        message.errorText = object.value(QLatin1String("error")).toString();
        return message;
    }

    // Feed events: without a seq there is nothing to resume from or to order by.
    if (message.seq <= 0)
        return refused(QStringLiteral("%1 event without a seq").arg(type));
    if (type == QLatin1String("show")) {
        const auto show = Show::fromJson(object.value(QLatin1String("show")).toObject());
        if (!show)
            return refused(QStringLiteral("show event without a valid show"));
        message.type = Message::Type::Show;
        message.show = *show;
        // The protocol makes them equal; a show without its version is as new as its event.
        if (message.show.version <= 0)
            message.show.version = message.seq;
        return message;
    }
    if (type == QLatin1String("bookings")) {
        const auto changes = bookingChanges(object.value(QLatin1String("bookings")));
        if (!changes)
            return changes.error();
        message.type = Message::Type::Bookings;
        message.bookings = *changes;
        return message;
    }
    if (type == QLatin1String("seats")) {
        const auto showId = count(object.value(QLatin1String("show_id")));
        if (!showId || *showId == 0)
            return refused(QStringLiteral("seats event without a show_id"));
        const auto changes = SeatMapDecoder::seatChanges(object.value(QLatin1String("seats")));
        if (!changes)
            return refused(QStringLiteral("seats event: %1").arg(changes.error().message));
        message.type = Message::Type::Seats;
        message.seatsShowId = *showId;
        message.seats = *changes;
        return message;
    }
    if (type == QLatin1String("flag")) {
        message.type = Message::Type::Flag;
        message.flagKey = object.value(QLatin1String("key")).toString();
        if (message.flagKey.isEmpty())
            return refused(QStringLiteral("flag event without a key"));
        return message;
    }
    return refused(QStringLiteral("unknown type \"%1\"").arg(type));
}

QByteArray subscribe(const QList<qint64> &bookingIds, qint64 since)
{
    QJsonValue bookings;
    if (bookingIds.isEmpty()) {
        bookings = QStringLiteral("none");
    } else if (bookingIds.size() > kMaxListedBookings) {
        bookings = QStringLiteral("all");
    } else {
        QJsonArray ids;
        for (qint64 id : bookingIds)
            ids.append(id);
        bookings = ids;
    }
    QJsonObject message{{QStringLiteral("type"), QStringLiteral("subscribe")},
                        {QStringLiteral("shows"), QStringLiteral("all")},
                        {QStringLiteral("bookings"), bookings}};
    if (since > 0)
        message.insert(QStringLiteral("since"), since);
    return QJsonDocument(message).toJson(QJsonDocument::Compact);
}

} // namespace PushProtocol
