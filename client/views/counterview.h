#pragma once

#include "booking.h"
#include "show.h"

#include <QWidget>

#include <optional>

class ApiClient;
class HoldsModel;
class InlineMessage;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class ShowFilterProxyModel;
class ShowPickerModel;
class ShowsModel;

// The box-office counter: pick a show, type a name and a seat count, press
// Enter to hold; the hold joins the pending list with its countdown and is
// confirmed (Ctrl+Enter) or cancelled (F9) from there. Built for the keyboard:
// focus goes back to the customer field after every action.
class CounterView : public QWidget
{
    Q_OBJECT
public:
    CounterView(ApiClient *api, ShowsModel *shows, HoldsModel *holds, QWidget *parent = nullptr);

    std::optional<Show> currentShow() const;
    void selectShow(qint64 showId);
    // The selected hold, else the newest one still pending, else the newest one.
    std::optional<qint64> currentHoldId() const;

    QComboBox *showPicker() const { return m_picker; }
    QLineEdit *customerEdit() const { return m_customer; }
    QSpinBox *seatsEdit() const { return m_seats; }
    QTableView *holdsTable() const { return m_table; }
    InlineMessage *message() const { return m_message; }
    QLabel *confirmedReference() const { return m_confirmedReference; }

public slots:
    void hold();
    void confirmHold(qint64 bookingId);
    void cancelHold(qint64 bookingId);
    void confirmCurrent();
    void cancelCurrent();
    void clearForm();

signals:
    // Something changed seat counts on the server; the shows table should refresh.
    void bookingsChanged();

protected:
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    struct Attempt
    {
        qint64 showId = 0;
        QString userName;
        int seats = 0;
        bool operator==(const Attempt &) const = default;
    };

    QWidget *buildForm();
    QWidget *buildHolds();
    void showConfirmed(const Booking &booking, const QString &showName);
    void focusCustomer();

    ApiClient *m_api;
    ShowsModel *m_shows;
    HoldsModel *m_holds;
    ShowFilterProxyModel *m_pickerFilter;
    ShowPickerModel *m_pickerModel;
    QComboBox *m_picker = nullptr;
    QLineEdit *m_customer = nullptr;
    QSpinBox *m_seats = nullptr;
    QPushButton *m_holdButton = nullptr;
    InlineMessage *m_message = nullptr;
    QWidget *m_confirmedPanel = nullptr;
    QLabel *m_confirmedReference = nullptr;
    QLabel *m_confirmedDetails = nullptr;
    QTableView *m_table = nullptr;
    QPushButton *m_confirmButton = nullptr;
    QPushButton *m_cancelButton = nullptr;

    bool m_holdInFlight = false;
    // Kept after a hold that got no answer, so pressing Enter again with the
    // same form retries with the same Idempotency-Key instead of holding twice.
    QString m_idempotencyKey;
    Attempt m_lastAttempt;
};
