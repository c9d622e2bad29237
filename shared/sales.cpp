#include "sales.h"

#include "timestamps.h"

namespace {
QJsonValue optionalAmount(const std::optional<qint64> &amount)
{
    return amount ? QJsonValue(*amount) : QJsonValue(QJsonValue::Null);
}
} // namespace

QJsonObject TicketCategory::toJson() const
{
    return {{QStringLiteral("code"), code},
            {QStringLiteral("name"), name},
            {QStringLiteral("price"), price}};
}

QJsonObject BookingLine::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("category"), category},
            {QStringLiteral("name"), name},
            {QStringLiteral("unit_price"), unitPrice},
            {QStringLiteral("count"), count},
            {QStringLiteral("cancelled"), cancelled}};
}

QJsonObject Payment::toJson() const
{
    return {{QStringLiteral("id"), id},
            {QStringLiteral("kind"), refund ? QStringLiteral("refund") : QStringLiteral("payment")},
            {QStringLiteral("method"), method},
            {QStringLiteral("amount"), amount},
            {QStringLiteral("tendered"), optionalAmount(tendered)},
            {QStringLiteral("change"), optionalAmount(change)},
            {QStringLiteral("reference"),
             reference.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(reference)},
            {QStringLiteral("shift_id"),
             shiftId > 0 ? QJsonValue(shiftId) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("at"), at.isValid() ? QJsonValue(Timestamps::toIsoUtc(at))
                                                : QJsonValue(QJsonValue::Null)}};
}

qint64 Sales::totalOf(const QList<BookingLine> &lines)
{
    qint64 total = 0;
    for (const BookingLine &line : lines)
        total += line.liveAmount();
    return total;
}

qint64 Sales::netPaidOf(const QList<Payment> &payments)
{
    qint64 net = 0;
    for (const Payment &payment : payments)
        net += payment.signedAmount();
    return net;
}

namespace {
const QLatin1String kStandard("standard");
}

bool Sales::isUnpriced(const QList<TicketCategory> &categories)
{
    return categories.isEmpty() ||
           (categories.size() == 1 && categories.first().code == kStandard &&
            categories.first().price == 0);
}

bool Sales::isUnpriced(const QList<BookingLine> &lines, const QList<Payment> &payments)
{
    if (!payments.isEmpty())
        return false;
    for (const BookingLine &line : lines)
        if (line.category != kStandard || line.unitPrice != 0)
            return false;
    return true;
}
