#include "receiptdocument.h"

#include "documentprinter.h"
#include "money.h"
#include "receiptlayout.h"

#include <QCoreApplication>
#include <QLocale>

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ReceiptDocument", text);
}

QString when(const QDateTime &time)
{
    return QLocale().toString(time.toLocalTime(), QStringLiteral("ddd d MMM yyyy HH:mm"));
}
} // namespace

ReceiptDocument::ReceiptDocument(const Api::SaleBooking &sale, const QString &showName,
                                 const QDateTime &showStart)
    : m_reference(sale.booking.reference), m_lines(linesFor(sale, showName, showStart))
{
}

QString ReceiptDocument::title() const
{
    return tr("Receipt %1").arg(m_reference);
}

bool ReceiptDocument::writePdf(const QString &path, QString *error) const
{
    return DocumentPrinter::writePdf(m_lines, title(), path, error);
}

QStringList ReceiptDocument::linesFor(const Api::SaleBooking &sale, const QString &showName,
                                      const QDateTime &showStart)
{
    using ReceiptLayout::row;
    const auto money = [&sale](qint64 amount) { return Api::Money::format(amount, sale.currency); };
    QStringList lines;
    lines << ReceiptLayout::centred(tr("BOX OFFICE")) << ReceiptLayout::centred(tr("RECEIPT"))
          << QString();
    lines << row(tr("Booking"), sale.booking.reference);
    lines << showName;
    if (showStart.isValid())
        lines << when(showStart);
    if (!sale.booking.userName.isEmpty())
        lines << tr("Customer: %1").arg(sale.booking.userName);
    if (!sale.booking.seatLabels.isEmpty())
        lines << tr("Seats: %1").arg(sale.booking.seatLabels.join(QStringLiteral(", ")));
    lines << ReceiptLayout::rule();
    for (const Api::BookingLine &line : sale.lines) {
        lines << row(QStringLiteral("%1 × %2 @ %3")
                         .arg(line.live())
                         .arg(line.name, Api::Money::format(line.unitPrice, {})),
                     money(line.amount()));
        if (line.cancelled > 0)
            lines << tr("  (%1 of %2 cancelled)").arg(line.cancelled).arg(line.count);
    }
    if (sale.lines.isEmpty())
        lines << row(tr("%1 × admission").arg(sale.booking.seats), money(sale.total));
    lines << ReceiptLayout::rule();
    lines << row(tr("TOTAL"), money(sale.total));
    for (const Api::Payment &payment : sale.payments) {
        const QString method = Api::paymentMethodLabel(payment.method);
        if (payment.isRefund()) {
            lines << row(tr("Refund (%1)").arg(method), money(-payment.amount));
            continue;
        }
        lines << row(method, money(payment.amount));
        if (payment.tendered) {
            lines << row(tr("  Tendered"), money(*payment.tendered));
            lines << row(tr("  Change"), money(payment.change));
        }
        if (!payment.reference.isEmpty())
            lines << tr("  Ref. %1").arg(payment.reference);
    }
    if (!sale.payments.isEmpty())
        lines << row(tr("Paid"), money(sale.paid));
    const QDateTime at =
        sale.payments.isEmpty() ? sale.booking.confirmedAt : sale.payments.constLast().at;
    if (at.isValid())
        lines << QString() << ReceiptLayout::centred(when(at));
    return lines;
}
