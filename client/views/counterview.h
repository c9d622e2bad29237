#pragma once

#include "booking.h"
#include "salespausestate.h"
#include "show.h"

#include <QWidget>

#include <optional>

class HoldWorkflow;
class HoldsModel;
class InlineMessage;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class SeatActions;
class ShowFilterProxyModel;
class ShowPickerModel;
class ShowsModel;

// The box-office counter: pick a show, type a name and a seat count, press
// Enter to hold; the hold joins the pending list with its countdown and is
// confirmed (Ctrl+Enter) or cancelled (F9) from there. Built for the keyboard:
// focus goes back to the customer field after every action. What a hold,
// confirm or cancel does and says is HoldWorkflow's; this view only feeds it
// the form and puts the focus where the next keystroke belongs.
class CounterView : public QWidget
{
    Q_OBJECT
public:
    CounterView(HoldWorkflow *workflow, ShowsModel *shows, HoldsModel *holds,
                QWidget *parent = nullptr);

    std::optional<Show> currentShow() const;
    void selectShow(qint64 showId);
    // The selected hold, else the newest one still pending, else the newest one.
    std::optional<qint64> currentHoldId() const;

    // The most seats one hold may ask for: the server's max_seats_per_booking.
    void setMaxSeatsPerHold(int seats);
    // Sales paused by an operator, as GET /config says: a banner, and no holds.
    void setSalesPause(const SalesPauseState &pause);
    // Admins may block seats of a seated show ("Block seats…" beside "Choose seats…").
    void setSeatBlockingAllowed(bool allowed);

public slots:
    void hold();
    void confirmHold(qint64 bookingId);
    void cancelHold(qint64 bookingId);
    void confirmCurrent();
    void cancelCurrent();
    void clearForm();
    void focusCustomer(Qt::FocusReason reason = Qt::OtherFocusReason);

signals:
    // Something changed seat counts on the server; the shows table should refresh.
    void bookingsChanged();
    // The server refused a hold with sales_paused: worth asking /config again now.
    void salesPauseSeen();
    // "Choose seats…" / "Block seats…" for the picked (seated) show.
    void chooseSeatsRequested(const Show &show, const QString &customer);
    void blockSeatsRequested(const Show &show);

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    QWidget *buildForm();
    QWidget *buildHolds();
    void showConfirmed(const Booking &booking, const QString &showName);
    // Banner and Hold button for the picked show under the current pause.
    void updateSalesPause();
    HoldWorkflow *m_workflow;
    ShowsModel *m_shows;
    HoldsModel *m_holds;
    ShowFilterProxyModel *m_pickerFilter;
    ShowPickerModel *m_pickerModel;
    QComboBox *m_picker = nullptr;
    QLineEdit *m_customer = nullptr;
    QSpinBox *m_seats = nullptr;
    QPushButton *m_holdButton = nullptr;
    SeatActions *m_seatActions = nullptr;
    QLabel *m_pausedBanner = nullptr;
    SalesPauseState m_pause;
    InlineMessage *m_message = nullptr;
    QWidget *m_confirmedPanel = nullptr;
    QLabel *m_confirmedReference = nullptr;
    QLabel *m_confirmedDetails = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_confirmButton = nullptr;
    QPushButton *m_cancelButton = nullptr;
};
