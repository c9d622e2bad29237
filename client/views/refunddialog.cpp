#include "refunddialog.h"

#include "inlinemessage.h"
#include "money.h"
#include "salemessage.h"
#include "salesapi.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QVBoxLayout>

#include <algorithm>
#include <numeric>

RefundDialog::RefundDialog(SalesApi *api, qint64 bookingId, QWidget *parent)
    : QDialog(parent), m_api(api), m_bookingId(bookingId), m_summary(new QLabel(this)),
      m_table(new QTableWidget(0, 4, this)), m_method(new QComboBox(this)),
      m_seats(new QListWidget(this)), m_amount(new QLabel(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(QStringLiteral("refundDialog"));
    setWindowTitle(tr("Refund tickets"));
    m_summary->setWordWrap(true);
    m_table->setObjectName(QStringLiteral("refundLines"));
    m_table->setHorizontalHeaderLabels({tr("Category"), tr("Price"), tr("Live"), tr("Cancel")});
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_seats->setObjectName(QStringLiteral("refundSeats"));
    m_seats->setFlow(QListView::LeftToRight);
    m_seats->setWrapping(true);
    m_seats->setMaximumHeight(90);
    m_seats->hide();
    connect(m_seats, &QListWidget::itemChanged, this, &RefundDialog::updateAmount);
    m_method->setObjectName(QStringLiteral("refundMethod"));
    for (const Api::PaymentMethod method : Api::paymentMethods())
        m_method->addItem(Api::paymentMethodLabel(Api::paymentMethodName(method)),
                          QVariant::fromValue(int(method)));
    m_amount->setObjectName(QStringLiteral("refundAmount"));
    QFont big = m_amount->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    m_amount->setFont(big);
    m_message->setObjectName(QStringLiteral("refundMessage"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_refund = buttons->addButton(tr("Cancel tickets and &refund"), QDialogButtonBox::ActionRole);
    m_refund->setObjectName(QStringLiteral("refundButton"));
    m_refund->setEnabled(false);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_refund, &QPushButton::clicked, this, &RefundDialog::refund);

    auto *form = new QFormLayout;
    form->addRow(tr("Refund &by"), m_method);
    form->addRow(tr("Refund"), m_amount);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_seats);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);
    resize(520, 380);
    load();
}

QList<int> RefundDialog::countsForSeats(const QList<Api::BookingLine> &lines, int seats)
{
    QList<int> counts;
    for (const Api::BookingLine &line : lines) {
        const int take = std::min(seats, line.live());
        counts.append(take);
        seats -= take;
    }
    return counts;
}

qint64 RefundDialog::refundOf(const QList<Api::BookingLine> &lines, const QList<int> &cancel)
{
    qint64 amount = 0;
    for (int i = 0; i < lines.size() && i < cancel.size(); ++i)
        amount += qint64(cancel.at(i)) * lines.at(i).unitPrice;
    return amount;
}

void RefundDialog::load()
{
    m_message->showMessage(InlineMessage::Kind::Info, tr("Reading the booking…"));
    m_api->saleBooking(m_bookingId, this, [this](const Result<Api::SaleBooking> &answer) {
        if (!answer) {
            m_message->showMessage(InlineMessage::Kind::Error,
                                   SaleMessage::forError(answer.error()));
            return;
        }
        m_message->clearMessage();
        display(*answer);
    });
}

void RefundDialog::display(const Api::SaleBooking &booking)
{
    m_booking = booking;
    m_lines = booking.lines;
    if (m_lines.isEmpty()) // a server without sales: its seats, free
        m_lines = {{0, QStringLiteral("standard"), tr("Standard"), 0, booking.booking.seats, 0}};
    m_summary->setText(tr("Booking %1 · %2 · total %3, paid %4")
                           .arg(booking.booking.reference, booking.booking.userName,
                                Api::Money::format(booking.total, booking.currency),
                                Api::Money::format(booking.paid, booking.currency)));
    m_table->setRowCount(int(m_lines.size()));
    m_cancel.clear();
    for (int row = 0; row < m_lines.size(); ++row) {
        const Api::BookingLine &line = m_lines.at(row);
        m_table->setItem(row, 0, new QTableWidgetItem(line.name));
        m_table->setItem(
            row, 1, new QTableWidgetItem(Api::Money::format(line.unitPrice, booking.currency)));
        m_table->setItem(row, 2, new QTableWidgetItem(QString::number(line.live())));
        auto *cancel = new QSpinBox(m_table);
        cancel->setObjectName(QStringLiteral("refundCount_%1").arg(line.category));
        cancel->setRange(0, line.live());
        connect(cancel, &QSpinBox::valueChanged, this, &RefundDialog::updateAmount);
        m_table->setCellWidget(row, 3, cancel);
        m_cancel.append(cancel);
    }
    // Seats are given back by name: the counts follow the ticked seats.
    m_seats->blockSignals(true);
    m_seats->clear();
    for (const QString &label : booking.booking.seatLabels) {
        auto *item = new QListWidgetItem(label, m_seats);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Unchecked);
    }
    m_seats->blockSignals(false);
    m_seats->setVisible(isSeated());
    for (QSpinBox *box : std::as_const(m_cancel))
        box->setEnabled(!isSeated());
    // Refunded the way it was paid, unless staff choose otherwise.
    for (const Api::Payment &payment : booking.payments) {
        if (payment.isRefund())
            continue;
        if (const auto method = Api::paymentMethodFromName(payment.method))
            m_method->setCurrentIndex(m_method->findData(int(*method)));
        break;
    }
    updateAmount();
}

QStringList RefundDialog::checkedSeats() const
{
    QStringList labels;
    for (int row = 0; row < m_seats->count(); ++row)
        if (m_seats->item(row)->checkState() == Qt::Checked)
            labels << m_seats->item(row)->text();
    return labels;
}

QList<int> RefundDialog::cancelCounts() const
{
    if (isSeated())
        return countsForSeats(m_lines, int(checkedSeats().size()));
    QList<int> counts;
    for (const QSpinBox *box : m_cancel)
        counts.append(box->value());
    return counts;
}

void RefundDialog::updateAmount()
{
    const QList<int> counts = cancelCounts();
    const int tickets = std::accumulate(counts.cbegin(), counts.cend(), 0);
    const QString currency = m_booking ? m_booking->currency : QString();
    m_amount->setText(Api::Money::format(refundOf(m_lines, counts), currency));
    m_refund->setEnabled(m_booking && tickets > 0);
}

void RefundDialog::refund()
{
    if (!m_booking)
        return;
    Api::PartialCancellation cancellation;
    const QList<int> counts = cancelCounts();
    if (isSeated())
        cancellation.seatLabels = checkedSeats();
    else
        for (int i = 0; i < m_lines.size(); ++i)
            if (counts.value(i) > 0)
                cancellation.tickets.append({m_lines.at(i).category, counts.value(i)});
    cancellation.refundMethod = Api::PaymentMethod(m_method->currentData().toInt());
    const qint64 amount = refundOf(m_lines, counts);
    const QString currency = m_booking->currency;
    m_refund->setEnabled(false);
    m_message->showMessage(InlineMessage::Kind::Info, tr("Refunding…"));
    m_api->cancelPart(m_bookingId, cancellation, this,
                      [this, amount, currency](const Result<Api::SaleBooking> &answer) {
                          if (!answer) {
                              m_message->showMessage(InlineMessage::Kind::Error,
                                                     SaleMessage::forError(answer.error()));
                              updateAmount();
                              return;
                          }
                          display(*answer);
                          m_message->showMessage(
                              InlineMessage::Kind::Success,
                              tr("Refunded %1; %2 left.")
                                  .arg(Api::Money::format(amount, currency),
                                       SaleMessage::tickets(answer->liveTickets())));
                          emit refunded(*answer);
                      });
}
