#include "booking.h"

#include "timestamps.h"

#include <QJsonArray>

#include <array>
#include <utility>

namespace {
constexpr std::array kStatusNames = {
    std::pair{Booking::Status::Pending, "PENDING"},
    std::pair{Booking::Status::Confirmed, "CONFIRMED"},
    std::pair{Booking::Status::Expired, "EXPIRED"},
    std::pair{Booking::Status::Cancelled, "CANCELLED"},
};

QJsonValue optionalTime(const QDateTime &time)
{
    return time.isValid() ? QJsonValue(Timestamps::toIsoUtc(time)) : QJsonValue(QJsonValue::Null);
}
} // namespace

QString Booking::statusName(Status status)
{
    for (const auto &[s, name] : kStatusNames) {
        if (s == status)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<Booking::Status> Booking::statusFromName(const QString &name)
{
    for (const auto &[s, n] : kStatusNames) {
        if (name == QLatin1String(n))
            return s;
    }
    return std::nullopt;
}

QJsonObject Booking::toJson() const
{
    QJsonObject json{
        {QStringLiteral("id"), id},
        {QStringLiteral("reference"), reference},
        {QStringLiteral("show_id"), showId},
        {QStringLiteral("user_name"), userName},
        {QStringLiteral("seats"), seats},
        {QStringLiteral("status"), statusName(status)},
        {QStringLiteral("created_at"), optionalTime(createdAt)},
        {QStringLiteral("expires_at"), optionalTime(expiresAt)},
        {QStringLiteral("confirmed_at"), optionalTime(confirmedAt)},
        {QStringLiteral("cancelled_at"), optionalTime(cancelledAt)},
    };
    // Only seated bookings carry it: general admission answers as the reference did.
    if (!seatLabels.isEmpty())
        json.insert(QStringLiteral("seat_ids"), QJsonArray::fromStringList(seatLabels));
    if (!Sales::isUnpriced(lines, payments)) {
        QJsonArray lineArray;
        for (const BookingLine &line : lines)
            lineArray.append(line.toJson());
        QJsonArray paymentArray;
        for (const Payment &payment : payments)
            paymentArray.append(payment.toJson());
        json.insert(QStringLiteral("total"), Sales::totalOf(lines));
        json.insert(QStringLiteral("paid"), Sales::netPaidOf(payments));
        json.insert(QStringLiteral("lines"), lineArray);
        json.insert(QStringLiteral("payments"), paymentArray);
    }
    return json;
}

std::optional<Booking> Booking::fromJson(const QJsonObject &json)
{
    const auto status = statusFromName(json.value(QLatin1String("status")).toString());
    if (!json.value(QLatin1String("id")).isDouble() || !status)
        return std::nullopt;
    Booking booking;
    booking.id = json.value(QLatin1String("id")).toInteger();
    booking.reference = json.value(QLatin1String("reference")).toString();
    booking.showId = json.value(QLatin1String("show_id")).toInteger();
    booking.userName = json.value(QLatin1String("user_name")).toString();
    booking.seats = json.value(QLatin1String("seats")).toInt();
    booking.status = *status;
    booking.createdAt =
        Timestamps::parseIsoWithOffset(json.value(QLatin1String("created_at")).toString());
    booking.expiresAt =
        Timestamps::parseIsoWithOffset(json.value(QLatin1String("expires_at")).toString());
    booking.confirmedAt =
        Timestamps::parseIsoWithOffset(json.value(QLatin1String("confirmed_at")).toString());
    booking.cancelledAt =
        Timestamps::parseIsoWithOffset(json.value(QLatin1String("cancelled_at")).toString());
    for (const QJsonValue &label : json.value(QLatin1String("seat_ids")).toArray())
        booking.seatLabels << label.toString();
    return booking;
}
