#pragma once

#include "booking.h"
#include "countdown.h"

#include <QAbstractTableModel>
#include <QList>
#include <QTimer>

#include <functional>

// The counter's pending holds with a live countdown to each one's expires_at.
//
// One shared timer drives every row: on each tick the model emits a single
// dataChanged over the countdown column, so hundreds of holds cost one signal
// a second, not one timer per row. The timer is re-armed to fire exactly when
// the most urgent hold's display changes next, so that hold turns "Expired" the
// moment its time runs out (others repaint within the same second). Remaining
// time is measured on the server's clock (see ServerClock), passed in as a
// function so unit tests can drive time.
//
// What the server says about a hold (applyServerStatus: a live-push event or a
// fresh read) wins over the countdown: a hold confirmed, cancelled or expired
// elsewhere shows that state, whatever the local clock says. Lives in the GUI
// thread.
class HoldsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ReferenceColumn,
        CustomerColumn,
        ShowColumn,
        SeatsColumn,
        CountdownColumn,
        ActionsColumn,
        ColumnCount
    };
    enum class State
    {
        Pending,
        Confirming,
        Cancelling,
        Expired,
        Confirmed, // by someone else (this counter's own confirmations leave the list)
        Cancelled, // by someone else
    };
    // No action left but Dismiss: expired, or settled elsewhere.
    static bool isSettled(State state)
    {
        return state == State::Expired || state == State::Confirmed || state == State::Cancelled;
    }
    enum Role
    {
        BookingIdRole = Qt::UserRole + 1,
        UrgencyRole,     // Countdown::Urgency as int
        RemainingMsRole, // qint64, <= 0 once expired
        StateRole,       // State as int
    };

    using Clock = std::function<qint64()>; // server time, ms since the epoch

    explicit HoldsModel(QObject *parent = nullptr);

    void setClock(Clock clock);
    // Tests stop the timer and call tick() themselves.
    void setTicking(bool ticking);
    bool isTicking() const { return m_ticking; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // Newest hold goes on top: it is the one the customer at the counter is paying for.
    void addHold(const Booking &booking, const QString &showName);
    void removeHold(qint64 bookingId);
    void setState(qint64 bookingId, State state);
    // The server's word on a booking in the list; PENDING changes nothing (the
    // countdown goes on), the others settle the row. Unknown ids are ignored.
    void applyServerStatus(qint64 bookingId, Booking::Status status);
    // Removes the rows with nothing left to do (expired, or settled elsewhere).
    int removeExpired();
    QList<qint64> bookingIds() const;

    int rowOfBooking(qint64 bookingId) const;
    const Booking &bookingAt(int row) const { return m_holds.at(row).booking; }
    QString showNameAt(int row) const { return m_holds.at(row).showName; }
    State stateAt(int row) const;
    qint64 remainingMs(int row) const;

public slots:
    void tick();

signals:
    // A hold ran out on the clock; its seats are (or will shortly be) released.
    void holdExpired(qint64 bookingId);
    void ticked();

private:
    struct Hold
    {
        Booking booking;
        QString showName;
        State state = State::Pending;
    };

    void scheduleTick();

    QList<Hold> m_holds;
    Clock m_clock;
    QTimer m_timer;
    bool m_ticking = true;
};
