#pragma once

#include "booking.h"

#include <QTimer>
#include <QWidget>

#include <optional>

class ApiClient;
class HoldWorkflow;
class InlineMessage;
class QLabel;
class QLineEdit;
class QPushButton;
class ShowsModel;

// Find a booking by the reference a customer reads out, see its state and
// confirm or cancel it (through HoldWorkflow). A pending booking's countdown
// ticks here too.
class BookingLookupView : public QWidget
{
    Q_OBJECT
public:
    BookingLookupView(ApiClient *api, HoldWorkflow *workflow, ShowsModel *shows,
                      QWidget *parent = nullptr);

    std::optional<Booking> booking() const { return m_booking; }

public slots:
    void find();
    void confirm();
    void cancel();
    void focusReference();

signals:
    // "Refund…" on a confirmed booking: give some tickets back (see RefundDialog).
    void refundRequested(const Booking &booking);

private:
    void display(const Booking &booking);
    void updateStatus();

    ApiClient *m_api;
    HoldWorkflow *m_workflow;
    ShowsModel *m_shows;
    std::optional<Booking> m_booking;
    QLineEdit *m_reference = nullptr;
    QPushButton *m_find = nullptr;
    QWidget *m_details = nullptr;
    QLabel *m_bookingReference = nullptr;
    QLabel *m_status = nullptr;
    QLabel *m_summary = nullptr;
    QPushButton *m_confirm = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_refund = nullptr;
    InlineMessage *m_message = nullptr;
    QTimer m_countdown; // only runs while a pending booking is shown
};
