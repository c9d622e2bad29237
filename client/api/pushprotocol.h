#pragma once

#include "booking.h"
#include "result.h"
#include "seatmaptypes.h"
#include "show.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// The client's side of the live-push protocol (docs/api.md, "Live push"): the
// messages the server sends, decoded into values, and the one message the
// client sends (`subscribe`). No I/O here, so the rules can be tested alone.
namespace PushProtocol {

// One booking's new state from a `bookings` event.
struct BookingStateChange
{
    qint64 id = 0;
    qint64 showId = 0;
    Booking::Status status = Booking::Status::Pending;
    int seats = 0;
};

struct Message
{
    enum class Type
    {
        Hello,      // first message of a connection; seq = the newest the server has heard
        Subscribed, // the answer to our `subscribe`
        Show,       // show = the show's new state, show.version = seq
        Bookings,   // bookings = booking states that changed
        Seats,      // seatsShowId's seats = seat states that changed (a seated show)
        Flag,       // flagKey = the flag that was set or deleted
        Resync,     // reason: what we hold may be stale, re-read it
        Error,      // errorCode/errorText: the server refused our message
    };

    Type type = Type::Hello;
    qint64 seq = 0; // feed number of an event (0 for hello-less messages)
    Show show;
    QList<BookingStateChange> bookings;
    qint64 seatsShowId = 0;
    QList<Api::SeatStateChange> seats;
    QString flagKey;
    QString reason;
    QString errorCode;
    QString errorText;
    // Subscribed/hello: the booking ids the server will tell us of; nullopt when
    // it is a word ("none", "all", "mine") instead of a list.
    std::optional<QList<qint64>> subscribedBookings;

    // A feed event (show, bookings, seats, flag): one that carries a resumable seq.
    bool isEvent() const
    {
        return type == Type::Show || type == Type::Bookings || type == Type::Seats ||
               type == Type::Flag;
    }
};

// A message is refused (BadResponse) when it is not JSON, has no known type or
// lacks what its type needs; unknown members are ignored, so a newer server
// may add some.
Result<Message> decode(const QByteArray &text);

// More ids than the server takes in one list.
inline constexpr int kMaxListedBookings = 1000;

// {"type":"subscribe","shows":"all","bookings":[...]|"none"|"all","since":N}.
// No ids: "none"; more than kMaxListedBookings: "all" (the server still shows
// only what the credential may see, and the client ignores the rest). `since`
// is sent when > 0: the server replays what came after it.
QByteArray subscribe(const QList<qint64> &bookingIds, qint64 since);

} // namespace PushProtocol
