#include "shiftopendialog.h"

#include "inlinemessage.h"
#include "money.h"
#include "shiftworkflow.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

ShiftOpenDialog::ShiftOpenDialog(ShiftWorkflow *workflow, const QString &currency, QWidget *parent)
    : QDialog(parent), m_workflow(workflow), m_currency(currency), m_float(new QLineEdit(this)),
      m_message(new InlineMessage(this))
{
    setObjectName(QStringLiteral("shiftOpenDialog"));
    setWindowTitle(tr("Open shift"));
    m_float->setObjectName(QStringLiteral("openingFloat"));
    m_float->setPlaceholderText(Api::Money::format(0, currency));
    m_message->setObjectName(QStringLiteral("shiftOpenMessage"));

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_open = buttons->addButton(tr("&Open shift"), QDialogButtonBox::AcceptRole);
    m_open->setObjectName(QStringLiteral("openShiftButton"));
    m_open->setDefault(true);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_open, &QPushButton::clicked, this, &ShiftOpenDialog::openShift);

    auto *form = new QFormLayout;
    form->addRow(tr("Opening &float (cash in the till)"), m_float);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(buttons);

    connect(m_workflow, &ShiftWorkflow::opened, this, &QDialog::accept);
    connect(m_workflow, &ShiftWorkflow::failed, this, [this] { m_open->setEnabled(true); });
    connect(m_workflow, &ShiftWorkflow::notice, m_message, &InlineMessage::showNotice);
}

void ShiftOpenDialog::openShift()
{
    // An empty field is an empty till.
    const auto amount = m_float->text().trimmed().isEmpty()
                            ? std::optional<qint64>(0)
                            : Api::Money::parse(m_float->text(), m_currency);
    if (!amount) {
        m_message->showMessage(InlineMessage::Kind::Warning,
                               tr("Type the float as an amount, e.g. 100.00."));
        m_float->setFocus();
        return;
    }
    m_open->setEnabled(false);
    m_workflow->open(*amount);
}
