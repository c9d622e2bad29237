#pragma once

#include "booking.h"
#include "show.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Shapes of selling at the counter (issue 18, docs/api.md "Sales"): a show's
// ticket categories, a booking's lines and payments, and what a sale, a
// payment and a partial cancellation ask for. Amounts are whole minor units
// (see Money).

// In a namespace of their own: the server has sales types too, and the GUI
// tests link both libraries.
namespace Api {

// How money changed hands. The API's names: "cash", "card", "voucher", "online", "other".
enum class PaymentMethod
{
    Cash,
    Card,
    Voucher,
    Online,
    Other,
};

QString paymentMethodName(PaymentMethod method);
std::optional<PaymentMethod> paymentMethodFromName(const QString &name);
// What staff read: "Cash", "Card"…; a name this client does not know is shown as sent.
QString paymentMethodLabel(const QString &name);
// Every method, in the order the counter offers them.
QList<PaymentMethod> paymentMethods();

// A price band of one show ("adult" at 12.50): the first is the show's default.
struct TicketCategory
{
    QString code;
    QString name;
    qint64 price = 0;

    // What a show of a server without sales has: one category, free.
    static TicketCategory standard();
    bool operator==(const TicketCategory &) const = default;
};

// A show with its ticket categories (never empty: see SalesDecoder).
struct PricedShow
{
    Show show;
    QList<TicketCategory> categories;
};

// How many tickets of one category a sale, booking or cancellation is for.
struct TicketCount
{
    QString category;
    int count = 0;
    bool operator==(const TicketCount &) const = default;
};

// One category's tickets in a booking; `cancelled` of them were given back.
struct BookingLine
{
    qint64 id = 0;
    QString category;
    QString name;
    qint64 unitPrice = 0;
    int count = 0;
    int cancelled = 0;

    int live() const { return count - cancelled; }
    qint64 amount() const { return qint64(live()) * unitPrice; }
    bool operator==(const BookingLine &) const = default;
};

// Sum of the lines' live tickets at their unit prices, as the server's "total".
qint64 totalOf(const QList<BookingLine> &lines);

// Money taken for a booking, or given back.
struct Payment
{
    enum class Kind
    {
        Payment,
        Refund,
    };

    qint64 id = 0;
    Kind kind = Kind::Payment;
    QString method; // as the API names it; see paymentMethodFromName()
    qint64 amount = 0;
    std::optional<qint64> tendered; // cash only
    qint64 change = 0;
    QString reference; // card slip, voucher code…
    qint64 shiftId = 0;
    QDateTime at;

    bool isRefund() const { return kind == Kind::Refund; }
    bool operator==(const Payment &) const = default;
};

// A booking with what it costs and what was paid. A server without sales sends
// none of these fields: no lines, nothing paid, a total of 0.
struct SaleBooking
{
    Booking booking;
    QString currency;
    qint64 total = 0;
    qint64 paid = 0; // payments − refunds
    QList<BookingLine> lines;
    QList<Payment> payments;

    // Tickets not cancelled, over all lines; the booking's seats when it has no lines.
    int liveTickets() const;
};

// The "payment" object of a sale or a confirm. The amount is always the total.
struct PaymentRequest
{
    PaymentMethod method = PaymentMethod::Cash;
    std::optional<qint64> tendered; // cash only, at least the total
    QString reference;
};

// POST /shows/:id/sell: tickets by category, or the seats of a seated show.
struct SaleRequest
{
    qint64 showId = 0;
    QString userName; // empty: the server writes "Walk-in"
    QList<TicketCount> tickets;
    QStringList seatLabels;
    PaymentRequest payment;
    std::optional<qint64> shiftId; // only the bootstrap admin needs to name one
};

// POST /bookings/:id/cancel with a body: some tickets back, refunded by a method
// (none: the way it was paid).
struct PartialCancellation
{
    QList<TicketCount> tickets;
    QStringList seatLabels;
    std::optional<PaymentMethod> refundMethod;
};

} // namespace Api
