#include "shiftreportdocument.h"

#include "money.h"
#include "receiptlayout.h"
#include "salestypes.h"

#include <QCoreApplication>
#include <QLocale>

namespace ShiftReportDocument {
namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("ShiftReportDocument", text);
}

QString when(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QStringLiteral("—");
}
} // namespace

QString title(const Api::ShiftReport &report)
{
    return tr("Shift %1 report").arg(report.shift.id);
}

QStringList lines(const Api::ShiftReport &report)
{
    using ReceiptLayout::row;
    const auto money = [&report](qint64 amount) {
        return Api::Money::format(amount, report.currency);
    };
    QStringList lines;
    lines << ReceiptLayout::centred(title(report).toUpper()) << QString();
    lines << row(tr("Clerk"), report.shift.clerk);
    lines << row(tr("Opened"), when(report.shift.openedAt));
    lines << row(tr("Closed"), report.shift.open ? tr("still open") : when(report.shift.closedAt));
    lines << row(tr("Opening float"), money(report.shift.openingFloat));
    lines << ReceiptLayout::rule() << tr("TAKINGS (payments / refunds / net)");
    for (const Api::ShiftTakings &takings : report.takings) {
        lines << row(Api::paymentMethodLabel(takings.method), money(takings.net));
        lines << row(QString(), QStringLiteral("+%1 / -%2")
                                    .arg(Api::Money::format(takings.payments, {}),
                                         Api::Money::format(takings.refunds, {})));
    }
    lines << ReceiptLayout::rule() << tr("TICKETS (sold / refunded)");
    for (const Api::CategorySales &sales : report.categories)
        lines << row(
            QStringLiteral("%1  %2 / %3").arg(sales.name).arg(sales.sold).arg(sales.refunded),
            money(sales.amount));
    lines << row(tr("All tickets"),
                 QStringLiteral("%1 / %2").arg(report.ticketsSold).arg(report.ticketsRefunded));
    lines << ReceiptLayout::rule();
    lines << row(tr("Expected cash"), money(report.expectedCash));
    lines << row(tr("Counted cash"),
                 report.countedCash ? money(*report.countedCash) : QStringLiteral("—"));
    lines << row(tr("Difference"),
                 report.difference ? money(*report.difference) : QStringLiteral("—"));
    return lines;
}

} // namespace ShiftReportDocument
