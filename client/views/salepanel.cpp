#include "salepanel.h"

#include "categorycountrow.h"
#include "documentprinter.h"
#include "inlinemessage.h"
#include "money.h"
#include "receiptdocument.h"
#include "saleworkflow.h"
#include "showfilterproxymodel.h"
#include "showpickermodel.h"
#include "showsmodel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QScrollArea>
#include <QVBoxLayout>

#include <algorithm>

namespace {
QFont scaled(QFont font, double factor)
{
    font.setPointSizeF(font.pointSizeF() * factor);
    font.setBold(true);
    return font;
}
} // namespace

SalePanel::SalePanel(SaleWorkflow *workflow, ShowsModel *shows, QWidget *parent)
    : QWidget(parent), m_workflow(workflow), m_shows(shows),
      m_pickerFilter(new ShowFilterProxyModel(this)), m_pickerModel(new ShowPickerModel(this))
{
    setObjectName(QStringLiteral("salePanel"));
    m_pickerFilter->setSourceModel(shows);
    m_pickerFilter->setHideCancelled(true);
    m_pickerFilter->sort(ShowsModel::StartColumn);
    m_pickerModel->setSourceModel(m_pickerFilter);

    m_picker = new QComboBox(this);
    m_picker->setObjectName(QStringLiteral("saleShowPicker"));
    m_picker->setModel(m_pickerModel);
    m_picker->setModelColumn(ShowsModel::NameColumn);
    m_picker->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_picker->setMinimumContentsLength(30);
    connect(m_picker, &QComboBox::currentIndexChanged, this, &SalePanel::pickShow);
    // The first show is picked as soon as there is one, as at the hold form.
    connect(m_pickerModel, &QAbstractItemModel::rowsInserted, this, [this] {
        if (m_picker->currentIndex() < 0 && m_picker->count() > 0)
            m_picker->setCurrentIndex(0);
    });
    m_customer = new QLineEdit(this);
    m_customer->setObjectName(QStringLiteral("saleCustomer"));
    m_customer->setPlaceholderText(tr("Walk-in"));
    connect(m_customer, &QLineEdit::textEdited, m_workflow, &SaleWorkflow::setCustomer);

    m_categoryBox = new QWidget(this);
    m_categoryLayout = new QVBoxLayout(m_categoryBox);
    m_categoryLayout->setContentsMargins(0, 0, 0, 0);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_categoryBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setFocusPolicy(Qt::NoFocus);

    auto *form = new QFormLayout;
    form->addRow(tr("&Show"), m_picker);
    form->addRow(tr("C&ustomer"), m_customer);
    static_cast<QLabel *>(form->labelForField(m_picker))->setBuddy(m_picker);
    static_cast<QLabel *>(form->labelForField(m_customer))->setBuddy(m_customer);

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("saleMessage"));
    m_openShift = new QPushButton(tr("&Open shift…"), this);
    m_openShift->setObjectName(QStringLiteral("saleOpenShiftButton"));
    m_openShift->hide();
    connect(m_openShift, &QPushButton::clicked, this, &SalePanel::openShiftRequested);
    connect(m_openShift, &QPushButton::clicked, m_openShift, &QWidget::hide);

    auto *title = new QLabel(tr("<b>Sell tickets</b>"), this);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(form);
    layout->addWidget(new QLabel(tr("Tickets (digits set the count, ↑↓ move, + −)"), this));
    layout->addWidget(scroll, 1);
    layout->addWidget(buildPayment());
    layout->addWidget(m_message);
    layout->addWidget(m_openShift, 0, Qt::AlignLeft);

    setTabOrder(m_picker, m_customer);
    connect(m_workflow, &SaleWorkflow::categoriesChanged, this, &SalePanel::rebuildCategories);
    connect(m_workflow, &SaleWorkflow::changed, this, &SalePanel::showState);
    connect(m_workflow, &SaleWorkflow::busyChanged, this, &SalePanel::showState);
    connect(m_workflow, &SaleWorkflow::notice, m_message, &InlineMessage::showNotice);
    connect(m_workflow, &SaleWorkflow::sold, this, &SalePanel::sold);
    connect(m_workflow, &SaleWorkflow::shiftNeeded, m_openShift, &QWidget::show);
    connect(m_workflow, &SaleWorkflow::saleFailed, this, [this](SaleWorkflow::Problem problem) {
        if (problem == SaleWorkflow::Problem::TenderedBelowTotal) {
            m_tendered->setFocus();
            m_tendered->selectAll();
        } else if (problem == SaleWorkflow::Problem::NoShow) {
            m_picker->setFocus();
        } else if (problem != SaleWorkflow::Problem::None) {
            focusCategories();
        }
    });
    rebuildCategories();
    if (m_picker->count() > 0)
        m_picker->setCurrentIndex(0);
}

QWidget *SalePanel::buildPayment()
{
    auto *box = new QWidget(this);
    m_total = new QLabel(box);
    m_total->setObjectName(QStringLiteral("saleTotal"));
    m_total->setFont(scaled(font(), 2.2));
    m_method = new QComboBox(box);
    m_method->setObjectName(QStringLiteral("salePaymentMethod"));
    for (const Api::PaymentMethod method : Api::paymentMethods()) {
        // Online payments are the shop's; the counter does not take them.
        if (method != Api::PaymentMethod::Online)
            m_method->addItem(Api::paymentMethodLabel(Api::paymentMethodName(method)),
                              QVariant::fromValue(int(method)));
    }
    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        m_workflow->setPaymentMethod(Api::PaymentMethod(m_method->currentData().toInt()));
    });
    m_tendered = new QLineEdit(box);
    m_tendered->setObjectName(QStringLiteral("saleTendered"));
    m_tendered->setFont(scaled(font(), 1.6));
    m_tendered->setPlaceholderText(tr("exact"));
    connect(m_tendered, &QLineEdit::textEdited, this, [this](const QString &text) {
        m_workflow->setTendered(Api::Money::parse(text, m_workflow->currency()));
    });
    connect(m_tendered, &QLineEdit::returnPressed, m_workflow, &SaleWorkflow::sell);
    m_change = new QLabel(box);
    m_change->setObjectName(QStringLiteral("saleChange"));
    m_change->setFont(scaled(font(), 2.2));
    m_sell = new QPushButton(tr("Se&ll ⏎"), box);
    m_sell->setObjectName(QStringLiteral("sellButton"));
    connect(m_sell, &QPushButton::clicked, m_workflow, &SaleWorkflow::sell);

    m_confirmed = new QLabel(box);
    m_confirmed->setObjectName(QStringLiteral("saleConfirmed"));
    m_confirmed->setFont(scaled(font(), 1.4));
    m_confirmed->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_print = new QPushButton(tr("&Print receipt…"), box);
    m_print->setObjectName(QStringLiteral("printReceiptButton"));
    m_pdf = new QPushButton(tr("Receipt as P&DF…"), box);
    m_pdf->setObjectName(QStringLiteral("receiptPdfButton"));
    connect(m_print, &QPushButton::clicked, this, &SalePanel::printReceipt);
    connect(m_pdf, &QPushButton::clicked, this, &SalePanel::saveReceiptPdf);
    m_print->setEnabled(false);
    m_pdf->setEnabled(false);

    auto *form = new QFormLayout;
    form->addRow(tr("Total"), m_total);
    form->addRow(tr("Pa&yment"), m_method);
    form->addRow(tr("Cash &tendered"), m_tendered);
    form->addRow(tr("Change"), m_change);
    static_cast<QLabel *>(form->labelForField(m_method))->setBuddy(m_method);
    static_cast<QLabel *>(form->labelForField(m_tendered))->setBuddy(m_tendered);
    auto *receipt = new QHBoxLayout;
    receipt->addWidget(m_confirmed, 1);
    receipt->addWidget(m_print);
    receipt->addWidget(m_pdf);
    auto *layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(form);
    layout->addWidget(m_sell);
    layout->addLayout(receipt);
    return box;
}

void SalePanel::pickShow()
{
    const QModelIndex index = m_pickerModel->index(m_picker->currentIndex(), 0);
    if (!index.isValid())
        return;
    if (const auto show = m_shows->showById(index.data(ShowsModel::ShowIdRole).toLongLong());
        show && show->id != m_workflow->show().id)
        m_workflow->selectShow(*show);
}

void SalePanel::rebuildCategories()
{
    const bool hadFocus = m_categoryBox->isAncestorOf(focusWidget());
    qDeleteAll(m_rows);
    m_rows.clear();
    while (QLayoutItem *item = m_categoryLayout->takeAt(0))
        delete item;
    const QList<Api::TicketCategory> &categories = m_workflow->categories();
    for (int i = 0; i < categories.size(); ++i) {
        auto *row =
            new CategoryCountRow(i, categories.at(i), m_workflow->currency(), m_categoryBox);
        row->installEventFilter(this);
        connect(row, &CategoryCountRow::countRequested, m_workflow, &SaleWorkflow::setCount);
        connect(row, &CategoryCountRow::moveRequested, this, &SalePanel::moveFocus);
        m_categoryLayout->addWidget(row);
        m_rows.append(row);
    }
    m_categoryLayout->addStretch();
    // Tab goes show → customer → tickets → payment, the order of the work.
    QWidget *previous = m_customer;
    for (CategoryCountRow *row : std::as_const(m_rows)) {
        setTabOrder(previous, row);
        previous = row;
    }
    setTabOrder(previous, m_method);
    setTabOrder(m_method, m_tendered);
    setTabOrder(m_tendered, m_sell);
    showState();
    if (hadFocus)
        focusCategories();
}

void SalePanel::showState()
{
    // As many decimals as the currency has: a third one must not read as "exact".
    const int decimals = Api::Money::decimalsOf(m_workflow->currency());
    if (decimals != m_tenderedDecimals) {
        m_tenderedDecimals = decimals;
        const QString fraction =
            decimals > 0 ? QStringLiteral("([.,][0-9]{0,%1})?").arg(decimals) : QString();
        m_tendered->setValidator(new QRegularExpressionValidator(
            QRegularExpression(QStringLiteral("[0-9]{0,9}") + fraction), m_tendered));
    }
    for (CategoryCountRow *row : std::as_const(m_rows))
        row->setCount(m_workflow->count(row->index()));
    m_total->setText(m_workflow->money(m_workflow->total()));
    const bool cash = m_workflow->paymentMethod() == Api::PaymentMethod::Cash;
    m_tendered->setEnabled(cash);
    const auto change = m_workflow->change();
    m_change->setText(change ? m_workflow->money(*change) : QStringLiteral("—"));
    const bool below = m_workflow->problem() == SaleWorkflow::Problem::TenderedBelowTotal;
    m_change->setToolTip(below ? m_workflow->problemText() : QString());
    m_tendered->setStyleSheet(below ? QStringLiteral("color: #b00020;") : QString());
    m_sell->setEnabled(!m_workflow->isBusy());
    const int index = m_method->findData(int(m_workflow->paymentMethod()));
    if (index >= 0 && index != m_method->currentIndex())
        m_method->setCurrentIndex(index);
    if (!m_workflow->tendered() && !m_tendered->hasFocus())
        m_tendered->clear();
}

void SalePanel::focusCategories()
{
    if (!m_rows.isEmpty())
        m_rows.first()->setFocus(Qt::OtherFocusReason);
}

void SalePanel::moveFocus(int index, int step)
{
    const int next = index + step;
    if (next >= 0 && next < m_rows.size())
        m_rows.at(next)->setFocus(step < 0 ? Qt::BacktabFocusReason : Qt::TabFocusReason);
}

void SalePanel::enterFromCategories()
{
    if (m_workflow->paymentMethod() == Api::PaymentMethod::Cash &&
        m_workflow->problem() == SaleWorkflow::Problem::None && !m_workflow->tendered()) {
        m_tendered->setFocus(Qt::OtherFocusReason);
        m_tendered->selectAll();
        return;
    }
    m_workflow->sell();
}

bool SalePanel::eventFilter(QObject *watched, QEvent *event)
{
    if (event->type() == QEvent::KeyPress && m_rows.contains(watched)) {
        const int key = static_cast<QKeyEvent *>(event)->key();
        if (key == Qt::Key_Return || key == Qt::Key_Enter) {
            enterFromCategories();
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

void SalePanel::sold(const Api::SaleBooking &booking)
{
    m_lastSale = booking;
    m_openShift->hide();
    const auto cash = std::find_if(booking.payments.cbegin(), booking.payments.cend(),
                                   [](const Api::Payment &p) { return p.tendered.has_value(); });
    const QString currency = booking.currency.isEmpty() ? m_workflow->currency() : booking.currency;
    m_confirmed->setText(
        cash != booking.payments.cend()
            ? tr("%1 · change %2")
                  .arg(booking.booking.reference, Api::Money::format(cash->change, currency))
            : booking.booking.reference);
    m_print->setEnabled(true);
    m_pdf->setEnabled(true);
    // Ready for the next customer; the change just given stays in view above.
    m_customer->clear();
    m_tendered->clear();
    m_workflow->clear();
    focusCategories();
    emit bookingsChanged();
}

QString SalePanel::showTextOf(const Api::SaleBooking &booking) const
{
    const auto show = m_shows->showById(booking.booking.showId);
    return show ? show->name : tr("show #%1").arg(booking.booking.showId);
}

void SalePanel::printReceipt()
{
    if (!m_lastSale)
        return;
    const auto show = m_shows->showById(m_lastSale->booking.showId);
    const ReceiptDocument receipt(*m_lastSale, showTextOf(*m_lastSale),
                                  show ? show->startTime : QDateTime());
    DocumentPrinter::print(receipt.lines(), receipt.title(), this);
}

void SalePanel::saveReceiptPdf()
{
    if (!m_lastSale)
        return;
    const auto show = m_shows->showById(m_lastSale->booking.showId);
    const ReceiptDocument receipt(*m_lastSale, showTextOf(*m_lastSale),
                                  show ? show->startTime : QDateTime());
    DocumentPrinter::savePdf(receipt.lines(), receipt.title(),
                             QStringLiteral("receipt-%1.pdf").arg(m_lastSale->booking.reference),
                             this);
}
