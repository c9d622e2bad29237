#pragma once

#include "salestypes.h"

#include <QDialog>
#include <QList>

#include <optional>

class InlineMessage;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QSpinBox;
class QTableWidget;
class SalesApi;

// Gives back some tickets of a booking and refunds them (Refund… at the
// booking lookup): its lines with how many of each to cancel, the refund
// method (by default the way it was paid) and the amount that goes back.
// Reads the booking with its lines itself, so it works from any Booking.
class RefundDialog : public QDialog
{
    Q_OBJECT
public:
    RefundDialog(SalesApi *api, qint64 bookingId, QWidget *parent = nullptr);

    // Σ tickets to cancel × unit price, in whole minor units.
    static qint64 refundOf(const QList<Api::BookingLine> &lines, const QList<int> &cancel);
    // A seated booking gives back named seats; the server takes their
    // tickets from the lines in line order (docs/counter.md), so do we.
    static QList<int> countsForSeats(const QList<Api::BookingLine> &lines, int seats);
    std::optional<Api::SaleBooking> booking() const { return m_booking; }

signals:
    // The server took the cancellation: the booking as it is now.
    void refunded(const Api::SaleBooking &booking);

private:
    void load();
    void display(const Api::SaleBooking &booking);
    void updateAmount();
    void refund();
    QList<int> cancelCounts() const;
    QStringList checkedSeats() const;
    bool isSeated() const { return m_booking && !m_booking->booking.seatLabels.isEmpty(); }

    SalesApi *m_api;
    qint64 m_bookingId;
    std::optional<Api::SaleBooking> m_booking;
    QList<Api::BookingLine> m_lines; // the booking's, or one implicit line without sales
    QLabel *m_summary;
    QTableWidget *m_table;
    QList<QSpinBox *> m_cancel;
    QListWidget *m_seats; // seated bookings: tick the seats to give back
    QComboBox *m_method;
    QLabel *m_amount;
    QPushButton *m_refund;
    InlineMessage *m_message;
};
