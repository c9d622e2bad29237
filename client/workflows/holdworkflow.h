#pragma once

#include "booking.h"
#include "notice.h"
#include "result.h"
#include "seatmaptypes.h"
#include "show.h"

#include <QObject>
#include <QString>

#include <optional>

class ApiClient;
class HoldsModel;

// The counter's hold → confirm/cancel policy, without widgets: checks a hold
// before sending it, keeps the Idempotency-Key of an attempt that got no answer
// so the same attempt retried never holds twice, keeps HoldsModel's rows and
// states in step with the server, and turns every outcome into the sentence
// staff read (a Notice) plus a signal the view reacts to (focus, form, panel).
//
// Each view that acts on bookings has its own instance (see MainWindow): what a
// workflow says is an answer to the view that asked, and the state both views
// must agree on (which holds are pending, confirming or expired) lives in the
// HoldsModel they share. Lives in the GUI thread.
class HoldWorkflow : public QObject
{
    Q_OBJECT
public:
    // Why a hold was not made, so a view can put the focus where the fix is.
    enum class HoldProblem
    {
        NoShow,         // nothing picked
        NoCustomer,     // no name typed
        ShowCancelled,  // the picked show is cancelled
        NotEnoughSeats, // the server has fewer seats left than asked for
        SalesPaused,    // an operator paused sales (all, or for this show)
        SeatsTaken,     // a picked seat was held, sold or blocked meanwhile (seatsTaken says which)
        Refused,        // any other answer of the server
        NoAnswer,       // no answer at all: the same attempt again reuses its key
    };
    Q_ENUM(HoldProblem)

    HoldWorkflow(ApiClient *api, HoldsModel *holds, QObject *parent = nullptr);

    // A hold is on its way to the server; further holds are ignored until it is answered.
    bool isHolding() const { return m_holding; }

public slots:
    // Holds `seats` of `show` for `customer` (its spaces simplified first). For a
    // seated show the server picks the best `seats` available.
    void hold(const std::optional<Show> &show, const QString &customer, int seats);
    // The same for a seated show's picked seats or a best-available request with
    // options; the hold joins the holds list exactly as a counted one does.
    void holdSeats(const std::optional<Show> &show, const QString &customer,
                   const Api::SeatChoice &choice);
    // Confirm or cancel a row of the holds list, by booking id. A row that is
    // already being confirmed or cancelled is left alone.
    void confirmHold(qint64 bookingId);
    void cancelHold(qint64 bookingId);
    // Confirm or cancel any booking, e.g. one found by its reference. A booking
    // settled this way leaves the holds list too.
    void confirmBooking(const Booking &booking);
    void cancelBooking(const Booking &booking);

signals:
    void busyChanged(bool holding);
    void notice(const Notice &notice);
    // The hold was made and is on top of the holds list.
    void held(const Booking &booking);
    void holdFailed(HoldWorkflow::HoldProblem problem);
    // A hold of picked seats was refused because these (labels) are taken.
    void seatsTaken(const QStringList &labels);
    // The server refused a hold with sales_paused (details: scope, show_id), so
    // the counter can say so at once instead of at its next look at /config.
    void salesPausedAnswer(const DomainError &error);
    void confirmed(const Booking &booking, const QString &showName);
    void cancelled(const Booking &booking);
    // A confirm or cancel is over, whatever came of it (also when refused
    // without asking the server, e.g. for an expired hold).
    void actionFinished(qint64 bookingId);
    // Seat counts changed on the server: the shows table should refresh.
    void bookingsChanged();

private:
    // What a Hold press asked for; the same attempt again may reuse its key.
    struct Attempt
    {
        qint64 showId = 0;
        QString userName;
        Api::SeatChoice choice;
        bool operator==(const Attempt &) const = default;
    };

    void say(Notice::Tone tone, const QString &text);
    void setHolding(bool holding);
    // After a confirm or cancel that failed: pending again, unless live push said
    // meanwhile how the booking ended.
    void backToPending(qint64 bookingId);

    ApiClient *m_api;
    HoldsModel *m_holds;
    bool m_holding = false;
    // Kept after a hold that got no answer, so the same attempt again retries
    // with the same Idempotency-Key instead of holding twice.
    QString m_idempotencyKey;
    Attempt m_lastAttempt;
};
