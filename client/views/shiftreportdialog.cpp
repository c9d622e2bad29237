#include "shiftreportdialog.h"

#include "documentprinter.h"
#include "money.h"
#include "salestypes.h"
#include "shiftreportdocument.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace {
QTableWidget *table(const QStringList &headers, int rows, QWidget *parent)
{
    auto *table = new QTableWidget(rows, int(headers.size()), parent);
    table->setHorizontalHeaderLabels(headers);
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table->setSelectionBehavior(QAbstractItemView::SelectRows);
    table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    return table;
}

QTableWidgetItem *cell(const QString &text, bool number = true)
{
    auto *item = new QTableWidgetItem(text);
    if (number)
        item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    return item;
}
} // namespace

ShiftReportDialog::ShiftReportDialog(const Api::ShiftReport &report, QWidget *parent)
    : QDialog(parent), m_report(report)
{
    setObjectName(QStringLiteral("shiftReportDialog"));
    setWindowTitle(ShiftReportDocument::title(report));
    const auto money = [&report](qint64 amount) {
        return Api::Money::format(amount, report.currency);
    };
    const auto when = [](const QDateTime &time) {
        return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                              : tr("still open");
    };
    auto *header =
        new QLabel(tr("%1 · opened %2 · closed %3 · float %4")
                       .arg(report.shift.clerk, when(report.shift.openedAt),
                            when(report.shift.closedAt), money(report.shift.openingFloat)),
                   this);
    header->setObjectName(QStringLiteral("shiftReportHeader"));
    header->setWordWrap(true);

    auto *summary = new QFormLayout;
    const auto add = [&](const QString &label, const QString &value, const char *name) {
        auto *field = new QLabel(value, this);
        field->setObjectName(QLatin1String(name));
        summary->addRow(label, field);
    };
    add(tr("Tickets sold / refunded"),
        QStringLiteral("%1 / %2").arg(report.ticketsSold).arg(report.ticketsRefunded),
        "reportTickets");
    add(tr("Expected cash"), money(report.expectedCash), "reportExpectedCash");
    add(tr("Counted cash"), report.countedCash ? money(*report.countedCash) : QStringLiteral("—"),
        "reportCountedCash");
    add(tr("Difference"), report.difference ? money(*report.difference) : QStringLiteral("—"),
        "reportDifference");

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    auto *print = buttons->addButton(tr("&Print / PDF"), QDialogButtonBox::ActionRole);
    print->setObjectName(QStringLiteral("printReportButton"));
    auto *menu = new QMenu(print);
    menu->addAction(tr("&Print…"), this, [this] {
        DocumentPrinter::print(ShiftReportDocument::lines(m_report),
                               ShiftReportDocument::title(m_report), this);
    });
    menu->addAction(tr("Save as P&DF…"), this, [this] {
        DocumentPrinter::savePdf(ShiftReportDocument::lines(m_report),
                                 ShiftReportDocument::title(m_report),
                                 QStringLiteral("shift-%1.pdf").arg(m_report.shift.id), this);
    });
    print->setMenu(menu);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(new QLabel(tr("<b>Takings</b>"), this));
    layout->addWidget(takingsTable());
    layout->addWidget(new QLabel(tr("<b>Tickets</b>"), this));
    layout->addWidget(categoriesTable());
    layout->addLayout(summary);
    layout->addWidget(buttons);
    resize(560, 520);
}

QTableWidget *ShiftReportDialog::takingsTable()
{
    auto *takings = table({tr("Method"), tr("Payments"), tr("Refunds"), tr("Net")},
                          int(m_report.takings.size()), this);
    takings->setObjectName(QStringLiteral("reportTakingsTable"));
    for (int row = 0; row < m_report.takings.size(); ++row) {
        const Api::ShiftTakings &entry = m_report.takings.at(row);
        takings->setItem(row, 0, cell(Api::paymentMethodLabel(entry.method), false));
        takings->setItem(row, 1, cell(Api::Money::format(entry.payments, m_report.currency)));
        takings->setItem(row, 2, cell(Api::Money::format(entry.refunds, m_report.currency)));
        takings->setItem(row, 3, cell(Api::Money::format(entry.net, m_report.currency)));
    }
    return takings;
}

QTableWidget *ShiftReportDialog::categoriesTable()
{
    auto *categories = table({tr("Category"), tr("Sold"), tr("Refunded"), tr("Amount")},
                             int(m_report.categories.size()), this);
    categories->setObjectName(QStringLiteral("reportCategoriesTable"));
    for (int row = 0; row < m_report.categories.size(); ++row) {
        const Api::CategorySales &entry = m_report.categories.at(row);
        categories->setItem(row, 0, cell(entry.name, false));
        categories->setItem(row, 1, cell(QString::number(entry.sold)));
        categories->setItem(row, 2, cell(QString::number(entry.refunded)));
        categories->setItem(row, 3, cell(Api::Money::format(entry.amount, m_report.currency)));
    }
    return categories;
}
