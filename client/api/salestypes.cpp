#include "salestypes.h"

#include <QCoreApplication>

#include <array>
#include <numeric>
#include <utility>

namespace Api {
namespace {
constexpr std::array kMethodNames = {
    std::pair{PaymentMethod::Cash, "cash"},       std::pair{PaymentMethod::Card, "card"},
    std::pair{PaymentMethod::Voucher, "voucher"}, std::pair{PaymentMethod::Online, "online"},
    std::pair{PaymentMethod::Other, "other"},
};
} // namespace

QString paymentMethodName(PaymentMethod method)
{
    for (const auto &[value, name] : kMethodNames) {
        if (value == method)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<PaymentMethod> paymentMethodFromName(const QString &name)
{
    for (const auto &[value, text] : kMethodNames) {
        if (name == QLatin1String(text))
            return value;
    }
    return std::nullopt;
}

QString paymentMethodLabel(const QString &name)
{
    const auto method = paymentMethodFromName(name);
    if (!method)
        return name;
    switch (*method) {
    case PaymentMethod::Cash:
        return QCoreApplication::translate("Api::PaymentMethod", "Cash");
    case PaymentMethod::Card:
        return QCoreApplication::translate("Api::PaymentMethod", "Card");
    case PaymentMethod::Voucher:
        return QCoreApplication::translate("Api::PaymentMethod", "Voucher");
    case PaymentMethod::Online:
        return QCoreApplication::translate("Api::PaymentMethod", "Online");
    case PaymentMethod::Other:
        break;
    }
    return QCoreApplication::translate("Api::PaymentMethod", "Other");
}

QList<PaymentMethod> paymentMethods()
{
    QList<PaymentMethod> methods;
    for (const auto &entry : kMethodNames)
        methods.append(entry.first);
    return methods;
}

TicketCategory TicketCategory::standard()
{
    return {QStringLiteral("standard"),
            QCoreApplication::translate("Api::TicketCategory", "Standard"), 0};
}

qint64 totalOf(const QList<BookingLine> &lines)
{
    return std::accumulate(lines.cbegin(), lines.cend(), qint64(0),
                           [](qint64 sum, const BookingLine &line) { return sum + line.amount(); });
}

int SaleBooking::liveTickets() const
{
    if (lines.isEmpty())
        return booking.seats;
    return std::accumulate(lines.cbegin(), lines.cend(), 0,
                           [](int sum, const BookingLine &line) { return sum + line.live(); });
}

} // namespace Api
