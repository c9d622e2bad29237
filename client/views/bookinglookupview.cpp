#include "bookinglookupview.h"

#include "apiclient.h"
#include "bookingsmodel.h"
#include "countdown.h"
#include "holdworkflow.h"
#include "inlinemessage.h"
#include "serverclock.h"
#include "showsmodel.h"
#include "usermessage.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QVBoxLayout>

BookingLookupView::BookingLookupView(ApiClient *api, HoldWorkflow *workflow, ShowsModel *shows,
                                     QWidget *parent)
    : QWidget(parent), m_api(api), m_workflow(workflow), m_shows(shows)
{
    setObjectName(QStringLiteral("bookingLookupView"));

    auto *title = new QLabel(tr("<b>Find a booking</b>"), this);
    m_reference = new QLineEdit(this);
    m_reference->setObjectName(QStringLiteral("referenceSearch"));
    m_reference->setPlaceholderText(tr("Reference, e.g. K7M2X9QD"));
    m_reference->setMaxLength(32);
    m_reference->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[A-Za-z0-9-]*")), m_reference));
    connect(m_reference, &QLineEdit::textEdited, this, [this](const QString &text) {
        // References are upper case; staff should not have to hold Shift.
        const int cursor = m_reference->cursorPosition();
        m_reference->setText(text.toUpper());
        m_reference->setCursorPosition(cursor);
    });
    m_find = new QPushButton(tr("F&ind"), this);
    m_find->setObjectName(QStringLiteral("findBookingButton"));
    connect(m_find, &QPushButton::clicked, this, &BookingLookupView::find);
    connect(m_reference, &QLineEdit::returnPressed, this, &BookingLookupView::find);

    m_details = new QWidget(this);
    m_bookingReference = new QLabel(m_details);
    m_bookingReference->setObjectName(QStringLiteral("lookupReference"));
    m_bookingReference->setTextInteractionFlags(Qt::TextSelectableByMouse);
    QFont big = m_bookingReference->font();
    big.setPointSizeF(big.pointSizeF() * 1.8);
    big.setBold(true);
    big.setFamilies({QStringLiteral("DejaVu Sans Mono"), QStringLiteral("monospace")});
    m_bookingReference->setFont(big);
    m_status = new QLabel(m_details);
    m_status->setObjectName(QStringLiteral("lookupStatus"));
    m_summary = new QLabel(m_details);
    m_summary->setWordWrap(true);
    m_confirm = new QPushButton(tr("Confirm booking"), m_details);
    m_confirm->setObjectName(QStringLiteral("lookupConfirmButton"));
    m_cancel = new QPushButton(tr("Cancel booking"), m_details);
    m_cancel->setObjectName(QStringLiteral("lookupCancelButton"));
    connect(m_confirm, &QPushButton::clicked, this, &BookingLookupView::confirm);
    connect(m_cancel, &QPushButton::clicked, this, &BookingLookupView::cancel);
    m_refund = new QPushButton(tr("&Refund…"), m_details);
    m_refund->setObjectName(QStringLiteral("lookupRefundButton"));
    connect(m_refund, &QPushButton::clicked, this, [this] {
        if (m_booking)
            emit refundRequested(*m_booking);
    });
    auto *detailButtons = new QHBoxLayout;
    detailButtons->addWidget(m_confirm);
    detailButtons->addWidget(m_cancel);
    detailButtons->addWidget(m_refund);
    detailButtons->addStretch();
    auto *detailLayout = new QVBoxLayout(m_details);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_bookingReference);
    detailLayout->addWidget(m_status);
    detailLayout->addWidget(m_summary);
    detailLayout->addLayout(detailButtons);
    m_details->hide();

    m_message = new InlineMessage(this);
    m_message->setObjectName(QStringLiteral("lookupMessage"));

    auto *searchRow = new QHBoxLayout;
    searchRow->addWidget(m_reference, 1);
    searchRow->addWidget(m_find);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addLayout(searchRow);
    layout->addWidget(m_message);
    layout->addWidget(m_details);
    layout->addStretch();

    connect(m_workflow, &HoldWorkflow::notice, m_message, &InlineMessage::showNotice);
    connect(m_workflow, &HoldWorkflow::confirmed, this, &BookingLookupView::display);
    connect(m_workflow, &HoldWorkflow::cancelled, this, &BookingLookupView::display);
    // After a refusal the buttons come back as the booking's state allows.
    connect(m_workflow, &HoldWorkflow::actionFinished, this, &BookingLookupView::updateStatus);

    m_countdown.setInterval(1000);
    connect(&m_countdown, &QTimer::timeout, this, &BookingLookupView::updateStatus);
}

void BookingLookupView::focusReference()
{
    m_reference->setFocus(Qt::ShortcutFocusReason);
    m_reference->selectAll();
}

void BookingLookupView::find()
{
    const QString reference = m_reference->text().trimmed().toUpper();
    if (reference.isEmpty()) {
        m_message->showMessage(InlineMessage::Kind::Warning, tr("Type a booking reference."));
        return;
    }
    m_message->showMessage(InlineMessage::Kind::Info, tr("Looking up %1…").arg(reference));
    m_api->findBooking(reference, this, [this, reference](const Result<Booking> &result) {
        if (!result) {
            m_booking.reset();
            m_details->hide();
            m_countdown.stop();
            m_message->showMessage(result.error().code == ErrorCode::BookingNotFound
                                       ? InlineMessage::Kind::Warning
                                       : InlineMessage::Kind::Error,
                                   result.error().code == ErrorCode::BookingNotFound
                                       ? tr("No booking %1.").arg(reference)
                                       : UserMessage::forError(result.error()));
            return;
        }
        m_message->clearMessage();
        display(*result);
    });
}

void BookingLookupView::confirm()
{
    if (!m_booking)
        return;
    m_confirm->setEnabled(false);
    m_workflow->confirmBooking(*m_booking);
}

void BookingLookupView::cancel()
{
    if (!m_booking)
        return;
    m_cancel->setEnabled(false);
    m_workflow->cancelBooking(*m_booking);
}

void BookingLookupView::display(const Booking &booking)
{
    m_booking = booking;
    m_bookingReference->setText(booking.reference);
    const auto show = m_shows->showById(booking.showId);
    const QString showText =
        show ? QStringLiteral("%1, %2").arg(show->name, ShowsModel::formatStart(show->startTime))
             : tr("show #%1").arg(booking.showId);
    m_summary->setText(
        tr("%1 · %2\n%3").arg(booking.userName, UserMessage::seatsOf(booking), showText));
    m_details->show();
    updateStatus();
    if (booking.status == Booking::Status::Pending)
        m_countdown.start();
    else
        m_countdown.stop();
}

void BookingLookupView::updateStatus()
{
    if (!m_booking)
        return;
    Booking::Status status = m_booking->status;
    QString text = BookingsModel::statusText(status);
    if (status == Booking::Status::Pending) {
        const qint64 remaining = m_booking->expiresAt.toMSecsSinceEpoch() - m_api->clock()->nowMs();
        if (remaining <= 0) {
            status = Booking::Status::Expired;
            text = tr("Expired");
            m_countdown.stop();
        } else {
            text = tr("Held — expires in %1").arg(Countdown::format(remaining));
        }
    }
    m_status->setText(text);
    m_confirm->setEnabled(status == Booking::Status::Pending);
    m_cancel->setEnabled(status == Booking::Status::Pending ||
                         status == Booking::Status::Confirmed);
    m_refund->setEnabled(status == Booking::Status::Confirmed);
}
