#include "shiftclosedialog.h"

#include "inlinemessage.h"
#include "money.h"
#include "shiftworkflow.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QVBoxLayout>

ShiftCloseDialog::ShiftCloseDialog(ShiftWorkflow *workflow, const QString &currency,
                                   QWidget *parent)
    : QDialog(parent), m_workflow(workflow), m_currency(currency), m_counted(new QLineEdit(this)),
      m_expected(new QLabel(this)), m_countedResult(new QLabel(this)),
      m_difference(new QLabel(this)), m_message(new InlineMessage(this))
{
    setObjectName(QStringLiteral("shiftCloseDialog"));
    setWindowTitle(tr("Close shift"));
    m_counted->setObjectName(QStringLiteral("countedCash"));
    m_counted->setPlaceholderText(Api::Money::format(0, currency));
    m_expected->setObjectName(QStringLiteral("expectedCash"));
    m_countedResult->setObjectName(QStringLiteral("countedCashResult"));
    m_difference->setObjectName(QStringLiteral("cashDifference"));
    QFont big = m_difference->font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_difference->setFont(big);
    m_message->setObjectName(QStringLiteral("shiftCloseMessage"));

    const auto shift = workflow->current();
    auto *intro = new QLabel(
        shift ? tr("Shift of %1, opened %2 with a float of %3.")
                    .arg(shift->clerk,
                         QLocale().toString(shift->openedAt.toLocalTime(), QLocale::ShortFormat),
                         Api::Money::format(shift->openingFloat, currency))
              : tr("No shift is open."),
        this);
    intro->setWordWrap(true);

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    m_close = buttons->addButton(tr("Close &shift"), QDialogButtonBox::ActionRole);
    m_close->setObjectName(QStringLiteral("closeShiftButton"));
    m_close->setDefault(true);
    m_close->setEnabled(shift.has_value());
    m_report = buttons->addButton(tr("&Report…"), QDialogButtonBox::ActionRole);
    m_report->setObjectName(QStringLiteral("closedShiftReportButton"));
    m_report->hide();
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_close, &QPushButton::clicked, this, &ShiftCloseDialog::closeShift);
    connect(m_report, &QPushButton::clicked, this, [this] {
        if (m_closed)
            emit reportRequested(*m_closed);
    });

    auto *form = new QFormLayout;
    form->addRow(tr("&Counted cash"), m_counted);
    form->addRow(tr("Expected"), m_expected);
    form->addRow(tr("Counted"), m_countedResult);
    form->addRow(tr("Difference"), m_difference);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_workflow, &ShiftWorkflow::closed, this, &ShiftCloseDialog::showClosed);
    connect(m_workflow, &ShiftWorkflow::failed, this,
            [this] { m_close->setEnabled(m_workflow->isOpen()); });
    connect(m_workflow, &ShiftWorkflow::notice, m_message, &InlineMessage::showNotice);
}

void ShiftCloseDialog::closeShift()
{
    const auto counted = Api::Money::parse(m_counted->text(), m_currency);
    if (!counted) {
        m_message->showMessage(InlineMessage::Kind::Warning,
                               tr("Type the cash counted in the till, e.g. 235.00."));
        m_counted->setFocus();
        return;
    }
    m_close->setEnabled(false);
    m_workflow->close(*counted);
}

void ShiftCloseDialog::showClosed(const Api::ShiftReport &report)
{
    m_closed = report;
    const QString currency = report.currency.isEmpty() ? m_currency : report.currency;
    m_counted->setEnabled(false);
    m_expected->setText(Api::Money::format(report.expectedCash, currency));
    m_countedResult->setText(report.countedCash ? Api::Money::format(*report.countedCash, currency)
                                                : QStringLiteral("—"));
    const qint64 difference = report.difference.value_or(0);
    m_difference->setText(difference > 0
                              ? QStringLiteral("+") + Api::Money::format(difference, currency)
                              : Api::Money::format(difference, currency));
    m_difference->setStyleSheet(difference < 0   ? QStringLiteral("color: #b00020;")
                                : difference > 0 ? QStringLiteral("color: #8a6d00;")
                                                 : QStringLiteral("color: #1b7f3b;"));
    m_close->hide();
    m_report->show();
    m_report->setDefault(true);
}
