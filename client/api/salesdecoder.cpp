#include "salesdecoder.h"

#include "jsonbody.h"
#include "responsedecoder.h"
#include "timestamps.h"

#include <QCoreApplication>
#include <QJsonArray>

#include <limits>

namespace SalesDecoder {
namespace {

using JsonBody::badResponse;

QString tr(const char *text)
{
    return QCoreApplication::translate("SalesDecoder", text);
}

constexpr qint64 kAnySign = std::numeric_limits<qint64>::min() + 1;

// Reads the fields of one object and remembers the first one that is present
// but of the wrong shape, so each decoder below reads like the contract and
// checks once. Absent and null fields take their fallback.
class Fields
{
public:
    explicit Fields(const QJsonObject &object) : m_object(object) {}

    std::optional<qint64> optionalAmount(const char *key, qint64 minimum = 0)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return std::nullopt;
        const auto number = JsonBody::wholeNumber(value, minimum);
        if (!number)
            fail(key);
        return number;
    }
    qint64 amount(const char *key, qint64 minimum = 0)
    {
        return optionalAmount(key, minimum).value_or(0);
    }
    int count(const char *key)
    {
        const qint64 number = amount(key);
        if (number > std::numeric_limits<int>::max())
            fail(key);
        return int(number);
    }
    QString text(const char *key, const QString &fallback = {})
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined() || value.isNull())
            return fallback;
        if (!value.isString())
            fail(key);
        return value.toString();
    }
    QDateTime time(const char *key)
    {
        const QString written = text(key);
        const QDateTime parsed = Timestamps::parseIsoWithOffset(written);
        if (!written.isEmpty() && !parsed.isValid())
            fail(key);
        return parsed;
    }
    QJsonArray list(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isUndefined() && !value.isNull() && !value.isArray())
            fail(key);
        return value.toArray();
    }
    QJsonObject object(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isObject())
            fail(key);
        return value.toObject();
    }
    void require(const char *key)
    {
        if (!m_object.contains(QLatin1String(key)))
            fail(key);
    }

    // The decoded value, or a BadResponse naming the first wrong field.
    template <typename T> Result<T> done(const T &value, const char *what) const
    {
        if (m_bad.isEmpty())
            return value;
        return badResponse(tr("not %1 (field %2)").arg(tr(what), m_bad));
    }

private:
    void fail(const char *key)
    {
        if (m_bad.isEmpty())
            m_bad = QString::fromLatin1(key);
    }

    QJsonObject m_object;
    QString m_bad;
};

Result<Api::TicketCategory> categoryFrom(const QJsonObject &object)
{
    Fields fields(object);
    fields.require("code");
    Api::TicketCategory category;
    category.code = fields.text("code");
    category.name = fields.text("name", category.code);
    category.price = fields.amount("price");
    return fields.done(category, "a ticket category");
}

Result<Api::BookingLine> lineFrom(const QJsonObject &object)
{
    Fields fields(object);
    fields.require("category");
    Api::BookingLine line;
    line.id = fields.amount("id");
    line.category = fields.text("category");
    line.name = fields.text("name", line.category);
    line.unitPrice = fields.amount("unit_price");
    line.count = fields.count("count");
    line.cancelled = fields.count("cancelled");
    if (line.cancelled > line.count)
        return badResponse(tr("a booking line with more tickets cancelled than sold"));
    return fields.done(line, "a booking line");
}

Result<Api::Payment> paymentFrom(const QJsonObject &object)
{
    Fields fields(object);
    fields.require("amount");
    Api::Payment payment;
    payment.id = fields.amount("id");
    const QString kind = fields.text("kind", QStringLiteral("payment"));
    if (kind != QLatin1String("payment") && kind != QLatin1String("refund"))
        return badResponse(tr("a payment of unknown kind %1").arg(kind));
    payment.kind =
        kind == QLatin1String("refund") ? Api::Payment::Kind::Refund : Api::Payment::Kind::Payment;
    payment.method = fields.text("method");
    payment.amount = fields.amount("amount");
    payment.tendered = fields.optionalAmount("tendered");
    payment.change = fields.amount("change");
    payment.reference = fields.text("reference");
    payment.shiftId = fields.amount("shift_id");
    payment.at = fields.time("at");
    return fields.done(payment, "a payment");
}

Result<Api::ShiftTakings> takingsFrom(const QJsonObject &object)
{
    Fields fields(object);
    fields.require("method");
    Api::ShiftTakings takings{fields.text("method"), fields.amount("payments"),
                              fields.amount("refunds"), 0};
    takings.net =
        fields.optionalAmount("net", kAnySign).value_or(takings.payments - takings.refunds);
    return fields.done(takings, "a shift's takings");
}

Result<Api::CategorySales> categorySalesFrom(const QJsonObject &object)
{
    Fields fields(object);
    fields.require("category");
    Api::CategorySales sales;
    sales.category = fields.text("category");
    sales.name = fields.text("name", sales.category);
    sales.sold = fields.count("sold");
    sales.refunded = fields.count("refunded");
    sales.amount = fields.amount("amount", kAnySign);
    return fields.done(sales, "a category's sales");
}

} // namespace

Result<QList<Api::TicketCategory>> categories(const QJsonObject &show)
{
    Fields fields(show);
    const QJsonArray list = fields.list("categories");
    if (auto wrong = fields.done(0, "a show"); !wrong)
        return wrong.error();
    if (list.isEmpty())
        return QList<Api::TicketCategory>{Api::TicketCategory::standard()};
    return JsonBody::listOf<Api::TicketCategory>(list, categoryFrom);
}

Result<Api::PricedShow> pricedShowFrom(const QJsonObject &object)
{
    const auto show = ResponseDecoder::showFrom(object);
    if (!show)
        return show.error();
    const auto list = categories(object);
    if (!list)
        return list.error();
    return Api::PricedShow{*show, *list};
}

Result<Api::PricedShow> pricedShow(const QByteArray &body)
{
    return JsonBody::decodeObject(body, pricedShowFrom);
}

Result<Api::SaleBooking> saleBookingFrom(const QJsonObject &object)
{
    const auto booking = ResponseDecoder::bookingFrom(object);
    if (!booking)
        return booking.error();
    Fields fields(object);
    Api::SaleBooking sale;
    sale.booking = *booking;
    sale.currency = fields.text("currency");
    sale.total = fields.amount("total");
    sale.paid = fields.amount("paid", kAnySign);
    const QJsonArray lines = fields.list("lines");
    const QJsonArray payments = fields.list("payments");
    if (auto wrong = fields.done(0, "a booking"); !wrong)
        return wrong.error();
    const auto decodedLines = JsonBody::listOf<Api::BookingLine>(lines, lineFrom);
    if (!decodedLines)
        return decodedLines.error();
    const auto decodedPayments = JsonBody::listOf<Api::Payment>(payments, paymentFrom);
    if (!decodedPayments)
        return decodedPayments.error();
    sale.lines = *decodedLines;
    sale.payments = *decodedPayments;
    return sale;
}

Result<Api::SaleBooking> saleBooking(const QByteArray &body)
{
    return JsonBody::decodeObject(body, saleBookingFrom);
}

Result<Api::Shift> shiftFrom(const QJsonObject &object)
{
    Fields fields(object);
    Api::Shift shift;
    shift.id = fields.amount("id", 1);
    fields.require("id");
    shift.clerk = fields.text("clerk");
    const QString status = fields.text("status", QStringLiteral("open"));
    if (status != QLatin1String("open") && status != QLatin1String("closed"))
        return badResponse(tr("a shift of unknown status %1").arg(status));
    shift.open = status == QLatin1String("open");
    shift.openedAt = fields.time("opened_at");
    shift.closedAt = fields.time("closed_at");
    shift.openingFloat = fields.amount("opening_float");
    shift.countedCash = fields.optionalAmount("counted_cash");
    return fields.done(shift, "a shift");
}

Result<Api::Shift> shift(const QByteArray &body)
{
    return JsonBody::decodeObject(body, shiftFrom);
}

Result<QList<Api::Shift>> shiftsFrom(const QJsonValue &answer)
{
    const QJsonValue list =
        answer.isArray() ? answer : answer.toObject().value(QLatin1String("shifts"));
    if (!list.isArray())
        return badResponse(tr("not a list of shifts"));
    return JsonBody::listOf<Api::Shift>(list.toArray(), shiftFrom);
}

Result<QList<Api::Shift>> shifts(const QByteArray &body)
{
    if (const auto array = JsonBody::parseArray(body))
        return shiftsFrom(*array);
    const auto object = JsonBody::parseObject(body);
    if (!object)
        return object.error();
    return shiftsFrom(*object);
}

Result<Api::ShiftReport> shiftReportFrom(const QJsonObject &object)
{
    Fields fields(object);
    const auto shift = shiftFrom(fields.object("shift"));
    if (!shift)
        return shift.error();
    Api::ShiftReport report;
    report.shift = *shift;
    report.currency = fields.text("currency");
    report.ticketsSold = fields.count("tickets_sold");
    report.ticketsRefunded = fields.count("tickets_refunded");
    report.expectedCash = fields.amount("expected_cash", kAnySign);
    report.countedCash = fields.optionalAmount("counted_cash");
    report.difference = fields.optionalAmount("difference", kAnySign);
    const QJsonArray takings = fields.list("takings");
    const QJsonArray categories = fields.list("categories");
    if (auto wrong = fields.done(0, "a shift report"); !wrong)
        return wrong.error();
    const auto decodedTakings = JsonBody::listOf<Api::ShiftTakings>(takings, takingsFrom);
    if (!decodedTakings)
        return decodedTakings.error();
    const auto decodedCategories =
        JsonBody::listOf<Api::CategorySales>(categories, categorySalesFrom);
    if (!decodedCategories)
        return decodedCategories.error();
    report.takings = *decodedTakings;
    report.categories = *decodedCategories;
    // A report from a server that left the difference out: it is counted − expected.
    if (report.countedCash && !report.difference)
        report.difference = *report.countedCash - report.expectedCash;
    return report;
}

Result<Api::ShiftReport> shiftReport(const QByteArray &body)
{
    return JsonBody::decodeObject(body, shiftReportFrom);
}

} // namespace SalesDecoder
