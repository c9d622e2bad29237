#include "showdialog.h"

#include "apilimits.h"
#include "inlinemessage.h"
#include "usermessage.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTime>
#include <QVBoxLayout>

namespace {
// Tomorrow evening: a plausible default that is never in the past.
QDateTime defaultStart()
{
    QDateTime start = QDateTime::currentDateTime().addDays(1);
    start.setTime(QTime(19, 30));
    return start;
}
} // namespace

ShowDialog::ShowDialog(QWidget *parent) : QDialog(parent)
{
    build();
    setWindowTitle(tr("New show"));
    m_start->setDateTime(defaultStart());
    m_seats->setValue(100);
}

ShowDialog::ShowDialog(const Show &show, QWidget *parent) : QDialog(parent), m_original(show)
{
    build();
    setWindowTitle(tr("Edit “%1”").arg(show.name));
    m_name->setText(show.name);
    m_start->setDateTime(show.startTime.toLocalTime());
    m_seats->setValue(show.totalSeats);
}

void ShowDialog::build()
{
    setObjectName(QStringLiteral("showDialog"));
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("showName"));
    m_name->setMaxLength(Limits::kMaxShowNameLength);
    m_name->setPlaceholderText(tr("e.g. Hamlet — evening performance"));

    m_start = new QDateTimeEdit(this);
    m_start->setObjectName(QStringLiteral("showStart"));
    m_start->setCalendarPopup(true);
    m_start->setTimeSpec(Qt::LocalTime);
    m_start->setDisplayFormat(QStringLiteral("ddd d MMM yyyy  HH:mm"));

    m_seats = new QSpinBox(this);
    m_seats->setObjectName(QStringLiteral("showSeats"));
    m_seats->setRange(1, Limits::kMaxTotalSeats);
    m_seats->setGroupSeparatorShown(true);

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("showDialogMessage"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Save"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &ShowDialog::trySubmit);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto *form = new QFormLayout;
    form->addRow(tr("&Name:"), m_name);
    form->addRow(tr("&Starts (local time):"), m_start);
    form->addRow(tr("S&eats:"), m_seats);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_message);
    layout->addWidget(m_buttons);
    setMinimumWidth(440);
}

ShowDraft ShowDialog::draft() const
{
    return {m_name->text().trimmed(), m_start->dateTime().toUTC(), m_seats->value()};
}

ShowChanges ShowDialog::changes() const
{
    ShowChanges changes;
    if (!m_original)
        return changes;
    const ShowDraft now = draft();
    if (now.name != m_original->name)
        changes.name = now.name;
    // Compare at minute precision: the editor shows no seconds.
    if (now.startTime.toSecsSinceEpoch() / 60 != m_original->startTime.toSecsSinceEpoch() / 60)
        changes.startTime = now.startTime;
    if (now.totalSeats != m_original->totalSeats)
        changes.totalSeats = now.totalSeats;
    return changes;
}

QString ShowDialog::validationError() const
{
    const ShowDraft values = draft();
    if (values.name.isEmpty())
        return tr("Give the show a name.");
    if (values.name.size() > Limits::kMaxShowNameLength)
        return tr("The name is too long (at most %1 characters).").arg(Limits::kMaxShowNameLength);
    const bool startChanged = !m_original || changes().startTime.has_value();
    if (startChanged && values.startTime < QDateTime::currentDateTimeUtc())
        return tr("The start time is in the past.");
    if (values.totalSeats < 1 || values.totalSeats > Limits::kMaxTotalSeats)
        return tr("Seats must be between 1 and %1.").arg(Limits::kMaxTotalSeats);
    if (m_original && values.totalSeats < m_original->reservedSeats) {
        return tr("%1 already held or sold; capacity cannot go below that.")
            .arg(UserMessage::seats(m_original->reservedSeats));
    }
    if (m_original && changes().isEmpty())
        return tr("Nothing changed.");
    return {};
}

void ShowDialog::trySubmit()
{
    const QString problem = validationError();
    if (!problem.isEmpty()) {
        showError(problem);
        return;
    }
    m_message->clearMessage();
    emit submitted();
}

void ShowDialog::setBusy(bool busy)
{
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(!busy);
    if (busy)
        m_message->showMessage(InlineMessage::Kind::Info, tr("Saving…"));
}

void ShowDialog::showError(const QString &message)
{
    m_message->showMessage(InlineMessage::Kind::Error, message);
}
