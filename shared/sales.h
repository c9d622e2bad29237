#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

// Money at the counter (issue 18). Every amount is an integer number of minor
// units (cents) of the installation's one currency: never floating point.

// What a show sells: a category of ticket at a price (the first one of a
// show's list is its default, what a booking by count buys).
struct TicketCategory
{
    QString code; // ^[a-z0-9_-]{1,40}$, unique per show
    QString name;
    qint64 price = 0;

    QJsonObject toJson() const;
};

// What a booking bought, at the price of the moment it was made. A partial
// cancellation raises cancelled; count never changes.
struct BookingLine
{
    qint64 id = 0;
    QString category;
    QString name;
    qint64 unitPrice = 0;
    int count = 0;
    int cancelled = 0;

    qint64 liveAmount() const { return qint64(count - cancelled) * unitPrice; }
    QJsonObject toJson() const;
};

// Money into (payment) or out of (refund) a booking.
struct Payment
{
    qint64 id = 0;
    bool refund = false;
    QString method; // cash, card, voucher, online, other
    qint64 amount = 0;
    std::optional<qint64> tendered; // cash payments only
    std::optional<qint64> change;
    QString reference;  // a card terminal's or payment provider's, if any
    qint64 shiftId = 0; // 0: none (online)
    QDateTime at;

    qint64 signedAmount() const { return refund ? -amount : amount; }
    QJsonObject toJson() const;
};

namespace Sales {
inline const QStringList &paymentMethods()
{
    static const QStringList methods{QStringLiteral("cash"), QStringLiteral("card"),
                                     QStringLiteral("voucher"), QStringLiteral("online"),
                                     QStringLiteral("other")};
    return methods;
}
qint64 totalOf(const QList<BookingLine> &lines);
// The pricing every show had before issue 18: one "standard" category at 0.
// Answers about such shows and bookings keep the reference's exact fields, for
// the clients that compare them key by key; the money fields appear once a
// show has prices (docs/api.md, "Prices").
bool isUnpriced(const QList<TicketCategory> &categories);
bool isUnpriced(const QList<BookingLine> &lines, const QList<Payment> &payments);
qint64 netPaidOf(const QList<Payment> &payments);
} // namespace Sales
