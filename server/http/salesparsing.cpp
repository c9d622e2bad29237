#include "salesparsing.h"

#include "booking/showservice.h"

#include <QJsonArray>

namespace {
DomainError invalid(const QString &field, const QString &message)
{
    return {ErrorCode::InvalidField, message, {{QStringLiteral("field"), field}}};
}

// A whole number of minor units in 0..max: JSON numbers are doubles, so a
// fraction (12.5) or anything beyond 2^53 is refused rather than rounded.
std::optional<qint64> amount(const QJsonValue &value, qint64 max)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < 0 || number > double(max) || number != double(qint64(number)))
        return std::nullopt;
    return qint64(number);
}

Result<QString> optionalText(const QJsonObject &object, const QString &key, const QString &field)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return QString();
    if (!value.isString() || value.toString().trimmed().isEmpty())
        return invalid(field, QStringLiteral("%1 must be a non-empty string.").arg(field));
    return value.toString().trimmed();
}
} // namespace

Result<QList<BookingService::TicketRequest>> SalesParsing::tickets(const QJsonObject &body,
                                                                    int maxSeats)
{
    const QJsonValue value = body.value(QStringLiteral("tickets"));
    QList<BookingService::TicketRequest> tickets;
    if (value.isUndefined() || value.isNull())
        return tickets;
    const auto bad = [] {
        return invalid(QStringLiteral("tickets"),
                       QStringLiteral("tickets must be an array of {\"category\": code, "
                                      "\"count\": n} objects."));
    };
    if (!value.isArray() || value.toArray().isEmpty())
        return bad();
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject ticket = item.toObject();
        const QJsonValue count = ticket.value(QStringLiteral("count"));
        if (!item.isObject() || !ticket.value(QStringLiteral("category")).isString() ||
            !amount(count, maxSeats))
            return bad();
        tickets << BookingService::TicketRequest{ticket.value(QStringLiteral("category")).toString(),
                                                 int(*amount(count, maxSeats))};
    }
    return tickets;
}

Result<std::optional<SaleService::PaymentCommand>> SalesParsing::payment(const QJsonObject &body)
{
    using Outcome = std::optional<SaleService::PaymentCommand>;
    const QJsonValue value = body.value(QStringLiteral("payment"));
    if (value.isUndefined() || value.isNull())
        return Outcome();
    const QString field = QStringLiteral("payment");
    if (!value.isObject())
        return invalid(field, QStringLiteral("payment must be an object with a method."));
    const QJsonObject payment = value.toObject();
    SaleService::PaymentCommand command;
    const QJsonValue method = payment.value(QStringLiteral("method"));
    if (!method.isString())
        return DomainError{ErrorCode::MissingField, QStringLiteral("payment.method is required."),
                           {{QStringLiteral("field"), QStringLiteral("payment.method")}}};
    command.method = method.toString();
    const QJsonValue tendered = payment.value(QStringLiteral("tendered"));
    if (!tendered.isUndefined() && !tendered.isNull()) {
        const auto given = amount(tendered, ShiftService::kMaxAmount);
        if (!given)
            return invalid(QStringLiteral("payment.tendered"),
                           QStringLiteral("payment.tendered must be a whole number of minor units "
                                          "(cents), 0 to %1.")
                               .arg(ShiftService::kMaxAmount));
        command.tendered = *given;
    }
    const auto reference =
        optionalText(payment, QStringLiteral("reference"), QStringLiteral("payment.reference"));
    if (!reference)
        return reference.error();
    command.reference = *reference;
    return Outcome(command);
}

Result<std::optional<QList<TicketCategory>>> SalesParsing::categories(const QJsonObject &body)
{
    using Outcome = std::optional<QList<TicketCategory>>;
    const QJsonValue value = body.value(QStringLiteral("categories"));
    if (value.isUndefined())
        return Outcome();
    const auto bad = [] {
        return invalid(QStringLiteral("categories"),
                       QStringLiteral("categories must be an array of {\"code\", \"name\", "
                                      "\"price\"} objects, prices in minor units (cents)."));
    };
    if (!value.isArray())
        return bad();
    QList<TicketCategory> categories;
    for (const QJsonValue &item : value.toArray()) {
        const QJsonObject category = item.toObject();
        const auto price = amount(category.value(QStringLiteral("price")), ShowService::kMaxPrice);
        if (!item.isObject() || !category.value(QStringLiteral("code")).isString() ||
            !category.value(QStringLiteral("name")).isString() || !price)
            return bad();
        categories << TicketCategory{category.value(QStringLiteral("code")).toString(),
                                     category.value(QStringLiteral("name")).toString().trimmed(),
                                     *price};
    }
    return Outcome(categories);
}

Result<qint64> SalesParsing::shiftId(const QJsonObject &body)
{
    const QJsonValue value = body.value(QStringLiteral("shift_id"));
    if (value.isUndefined() || value.isNull())
        return qint64(0);
    const auto id = amount(value, std::numeric_limits<qint32>::max());
    if (!id || *id == 0)
        return invalid(QStringLiteral("shift_id"), QStringLiteral("shift_id must be a shift's id."));
    return *id;
}

Result<SaleService::CancelCommand> SalesParsing::cancel(const QJsonObject &body, int maxSeats)
{
    SaleService::CancelCommand command;
    const auto named = tickets(body, maxSeats);
    if (!named)
        return named.error();
    command.tickets = *named;
    const auto seats = seatLabels(body, maxSeats);
    if (!seats)
        return seats.error();
    command.seatLabels = *seats;
    command.all = command.tickets.isEmpty() && command.seatLabels.isEmpty();
    const QJsonValue refund = body.value(QStringLiteral("refund"));
    if (!refund.isUndefined() && !refund.isNull()) {
        if (!refund.isObject())
            return invalid(QStringLiteral("refund"),
                           QStringLiteral("refund must be an object: {\"method\": \"cash\"}."));
        const auto method =
            optionalText(refund.toObject(), QStringLiteral("method"), QStringLiteral("refund.method"));
        if (!method)
            return method.error();
        command.refundMethod = *method;
        const auto reference = optionalText(refund.toObject(), QStringLiteral("reference"),
                                            QStringLiteral("refund.reference"));
        if (!reference)
            return reference.error();
        command.refundReference = *reference;
    }
    return command;
}

Result<QStringList> SalesParsing::seatLabels(const QJsonObject &body, int maxSeats)
{
    const QJsonValue value = body.value(QStringLiteral("seat_ids"));
    if (value.isUndefined() || value.isNull())
        return QStringList();
    const auto invalid = [maxSeats] {
        return Result<QStringList>::failure(
            ErrorCode::InvalidField,
            QStringLiteral("seat_ids must be an array of 1 to %1 seat labels (\"A-12\").")
                .arg(maxSeats),
            {{QStringLiteral("field"), QStringLiteral("seat_ids")}});
    };
    if (!value.isArray())
        return invalid();
    const QJsonArray array = value.toArray();
    if (array.isEmpty() || array.size() > maxSeats)
        return invalid();
    QStringList labels;
    for (const QJsonValue &label : array) {
        if (!label.isString())
            return invalid();
        labels << label.toString();
    }
    return labels;
}

