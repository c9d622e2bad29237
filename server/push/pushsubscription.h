#pragma once

#include "booking/bookingaccess.h"
#include "changeevent.h"

#include <QJsonObject>
#include <QSet>
#include <QString>
#include <QUrlQuery>

#include <optional>

// What one subscriber asked to hear of, and what it may hear: availability of
// all shows or some; booking state changes of none, its own, all, or a list
// (each filtered by who it is: docs/api.md, "Who sees what"); flag changes
// for staff. Built from the query of GET /events and GET /ws, or from a
// WebSocket "subscribe" message.
class PushSubscription
{
public:
    enum class Bookings
    {
        None,
        Mine,
        All,
        Listed,
    };
    static constexpr int kMaxListed = 1000;

    PushSubscription() = default;
    PushSubscription(BookingAccess access, bool staff) : m_access(access), m_staff(staff) {}

    // Sets what to hear of from "show=1,2" and "bookings=none|mine|all|1,2";
    // an error message when a value is malformed (nothing is changed then),
    // and in *field the parameter's name.
    QString readQuery(const QUrlQuery &query, QString *field = nullptr);
    // The same from {"shows": "all" | [ids], "bookings": "none"|"mine"|"all"|[ids]};
    // absent members keep their value.
    QString readMessage(const QJsonObject &message, QString *field = nullptr);

    bool wantsShow(qint64 showId) const { return m_allShows || m_shows.contains(showId); }
    bool wantsFlags() const { return m_staff; }
    // The changes this subscriber asked for and may see, in order.
    QList<BookingChange> visible(const QList<BookingChange> &changes) const;
    // Whether it may see every booking: then the whole event goes out as it is.
    bool seesEveryBooking() const
    {
        return m_bookings == Bookings::All && m_access.scope == BookingAccess::Scope::Any;
    }

    // {"shows": ..., "bookings": ...}, as the subscriber is told it.
    QJsonObject describe() const;

private:
    // name: the parameter as the caller wrote it ("show" in a query, "shows" in a message).
    QString setShows(const QJsonValue &value, const QString &name);
    QString setBookings(const QJsonValue &value);
    // Applies both members of the query or message, or neither.
    QString read(const QString &showsName, std::optional<QJsonValue> shows,
                 std::optional<QJsonValue> bookings, QString *field);
    bool maySee(const BookingChange &change) const;

    BookingAccess m_access;
    bool m_staff = false;
    bool m_allShows = true;
    QSet<qint64> m_shows;
    Bookings m_bookings = Bookings::None;
    QSet<qint64> m_listed;
};
