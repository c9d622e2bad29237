#include "salesapi.h"

#include "apierror.h"
#include "salesdecoder.h"

#include <QJsonArray>
#include <QUrl>

namespace {
// Wraps `done` so it receives what `decode` makes of the answer's object.
template <typename T, typename Decode>
ApiClient::Callback<QJsonValue> decoded(ApiClient::Callback<T> done, Decode decode)
{
    return [done = std::move(done), decode](const Result<QJsonValue> &answer) {
        if (!answer)
            return done(answer.error());
        done(decode(answer->toObject()));
    };
}

QJsonArray ticketsJson(const QList<Api::TicketCount> &tickets)
{
    QJsonArray list;
    for (const Api::TicketCount &ticket : tickets) {
        if (ticket.count > 0)
            list.append(QJsonObject{{QStringLiteral("category"), ticket.category},
                                    {QStringLiteral("count"), ticket.count}});
    }
    return list;
}
} // namespace

void SalesApi::pricedShow(qint64 showId, QObject *context, Callback<Api::PricedShow> done)
{
    m_api->sendJson("GET", QStringLiteral("/shows/%1").arg(showId), {}, std::nullopt, false,
                    context, decoded(std::move(done), SalesDecoder::pricedShowFrom));
}

void SalesApi::saleBooking(qint64 bookingId, QObject *context, Callback<Api::SaleBooking> done)
{
    m_api->sendJson("GET", QStringLiteral("/bookings/%1").arg(bookingId), {}, std::nullopt, false,
                    context, decoded(std::move(done), SalesDecoder::saleBookingFrom));
}

void SalesApi::findSaleBooking(const QString &reference, QObject *context,
                               Callback<Api::SaleBooking> done)
{
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(reference.trimmed()));
    m_api->sendJson("GET", QStringLiteral("/bookings/by-reference/") + encoded, {}, std::nullopt,
                    false, context, decoded(std::move(done), SalesDecoder::saleBookingFrom));
}

void SalesApi::sell(const Api::SaleRequest &sale, const QByteArray &idempotencyKey,
                    QObject *context, Callback<Api::SaleBooking> done)
{
    m_api->sendJsonOnce("POST", QStringLiteral("/shows/%1/sell").arg(sale.showId), saleJson(sale),
                        idempotencyKey, context,
                        decoded(std::move(done), SalesDecoder::saleBookingFrom));
}

void SalesApi::confirmWithPayment(qint64 bookingId, const Api::PaymentRequest &payment,
                                  QObject *context, Callback<Api::SaleBooking> done)
{
    const QJsonObject body{{QStringLiteral("payment"), paymentJson(payment)}};
    m_api->sendJson("POST", QStringLiteral("/bookings/%1/confirm").arg(bookingId), {}, body, false,
                    context, decoded(std::move(done), SalesDecoder::saleBookingFrom));
}

void SalesApi::cancelPart(qint64 bookingId, const Api::PartialCancellation &cancellation,
                          QObject *context, Callback<Api::SaleBooking> done)
{
    m_api->sendJson("POST", QStringLiteral("/bookings/%1/cancel").arg(bookingId), {},
                    cancellationJson(cancellation), false, context,
                    decoded(std::move(done), SalesDecoder::saleBookingFrom));
}

void SalesApi::openShift(qint64 openingFloat, QObject *context, Callback<Api::Shift> done)
{
    const QJsonObject body{{QStringLiteral("opening_float"), openingFloat}};
    m_api->sendJson("POST", QStringLiteral("/shifts"), {}, body, false, context,
                    decoded(std::move(done), SalesDecoder::shiftFrom));
}

void SalesApi::currentShift(QObject *context, Callback<std::optional<Api::Shift>> done)
{
    m_api->sendJson("GET", QStringLiteral("/shifts/current"), {}, std::nullopt, false, context,
                    [done = std::move(done)](const Result<QJsonValue> &answer) {
                        if (!answer) {
                            const QString code = ApiError::codeName(answer.error());
                            if (code == QLatin1String("no_open_shift") ||
                                code == QLatin1String("not_found"))
                                return done(std::optional<Api::Shift>());
                            return done(answer.error());
                        }
                        const auto shift = SalesDecoder::shiftFrom(answer->toObject());
                        if (!shift)
                            return done(shift.error());
                        done(std::optional<Api::Shift>(*shift));
                    });
}

void SalesApi::closeShift(qint64 shiftId, qint64 countedCash, QObject *context,
                          Callback<Api::ShiftReport> done)
{
    const QJsonObject body{{QStringLiteral("counted_cash"), countedCash}};
    m_api->sendJson("POST", QStringLiteral("/shifts/%1/close").arg(shiftId), {}, body, false,
                    context, decoded(std::move(done), SalesDecoder::shiftReportFrom));
}

void SalesApi::shiftReport(qint64 shiftId, QObject *context, Callback<Api::ShiftReport> done)
{
    m_api->sendJson("GET", QStringLiteral("/shifts/%1/report").arg(shiftId), {}, std::nullopt,
                    false, context, decoded(std::move(done), SalesDecoder::shiftReportFrom));
}

void SalesApi::shifts(QObject *context, Callback<QList<Api::Shift>> done)
{
    m_api->sendJson("GET", QStringLiteral("/shifts"), {}, std::nullopt, false, context,
                    [done = std::move(done)](const Result<QJsonValue> &answer) {
                        if (!answer)
                            return done(answer.error());
                        done(SalesDecoder::shiftsFrom(*answer));
                    });
}

QJsonObject SalesApi::paymentJson(const Api::PaymentRequest &payment)
{
    QJsonObject body{{QStringLiteral("method"), Api::paymentMethodName(payment.method)}};
    // The server refuses "tendered" for anything but cash (payment_invalid).
    if (payment.method == Api::PaymentMethod::Cash && payment.tendered)
        body.insert(QStringLiteral("tendered"), *payment.tendered);
    if (!payment.reference.isEmpty())
        body.insert(QStringLiteral("reference"), payment.reference);
    return body;
}

QJsonObject SalesApi::saleJson(const Api::SaleRequest &sale)
{
    QJsonObject body{{QStringLiteral("payment"), paymentJson(sale.payment)}};
    if (!sale.userName.trimmed().isEmpty())
        body.insert(QStringLiteral("user_name"), sale.userName.trimmed());
    if (!sale.seatLabels.isEmpty())
        body.insert(QStringLiteral("seat_ids"), QJsonArray::fromStringList(sale.seatLabels));
    // A seated sale names its seats and may still say how many of each category.
    const QJsonArray tickets = ticketsJson(sale.tickets);
    if (!tickets.isEmpty())
        body.insert(QStringLiteral("tickets"), tickets);
    if (sale.shiftId)
        body.insert(QStringLiteral("shift_id"), *sale.shiftId);
    return body;
}

QJsonObject SalesApi::cancellationJson(const Api::PartialCancellation &cancellation)
{
    QJsonObject body;
    const QJsonArray tickets = ticketsJson(cancellation.tickets);
    if (!tickets.isEmpty())
        body.insert(QStringLiteral("tickets"), tickets);
    if (!cancellation.seatLabels.isEmpty())
        body.insert(QStringLiteral("seat_ids"),
                    QJsonArray::fromStringList(cancellation.seatLabels));
    if (cancellation.refundMethod)
        body.insert(QStringLiteral("refund"),
                    QJsonObject{{QStringLiteral("method"),
                                 Api::paymentMethodName(*cancellation.refundMethod)}});
    return body;
}
