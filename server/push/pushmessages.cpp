#include "pushmessages.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}
} // namespace

namespace PushMessages {

PushMessage hello(qint64 seq, const QJsonObject &subscription)
{
    return {"hello", 0,
            compact({{QStringLiteral("type"), QStringLiteral("hello")},
                     {QStringLiteral("seq"), seq},
                     {QStringLiteral("coalesce_ms"), kCoalesceMs},
                     {QStringLiteral("subscription"), subscription}})};
}

PushMessage subscribed(qint64 seq, const QJsonObject &subscription)
{
    return {"subscribed", 0,
            compact({{QStringLiteral("type"), QStringLiteral("subscribed")},
                     {QStringLiteral("seq"), seq},
                     {QStringLiteral("subscription"), subscription}})};
}

PushMessage show(const ChangeEvent &event)
{
    return {"show", event.seq,
            compact({{QStringLiteral("type"), QStringLiteral("show")},
                     {QStringLiteral("seq"), event.seq},
                     {QStringLiteral("at"), event.atMs},
                     {QStringLiteral("show"), event.show.toJson()}})};
}

PushMessage bookings(const ChangeEvent &event, const QList<BookingChange> &shown)
{
    QJsonArray list;
    for (const BookingChange &change : shown)
        list.append(QJsonObject{{QStringLiteral("id"), change.id},
                                {QStringLiteral("show_id"), change.showId},
                                {QStringLiteral("status"), change.status},
                                {QStringLiteral("seats"), change.seats}});
    return {"bookings", event.seq,
            compact({{QStringLiteral("type"), QStringLiteral("bookings")},
                     {QStringLiteral("seq"), event.seq},
                     {QStringLiteral("at"), event.atMs},
                     {QStringLiteral("bookings"), list}})};
}

PushMessage seats(const ChangeEvent &event)
{
    QJsonArray list;
    for (const SeatChange &change : event.seats)
        list.append(QJsonObject{{QStringLiteral("id"), change.seatId},
                                {QStringLiteral("state"), change.state}});
    return {"seats", event.seq,
            compact({{QStringLiteral("type"), QStringLiteral("seats")},
                     {QStringLiteral("seq"), event.seq},
                     {QStringLiteral("at"), event.atMs},
                     {QStringLiteral("show_id"), event.seatsShowId},
                     {QStringLiteral("seats"), list}})};
}

PushMessage flag(const ChangeEvent &event)
{
    return {"flag", event.seq,
            compact({{QStringLiteral("type"), QStringLiteral("flag")},
                     {QStringLiteral("seq"), event.seq},
                     {QStringLiteral("at"), event.atMs},
                     {QStringLiteral("key"), event.flagKey}})};
}

PushMessage resync(const QString &reason)
{
    return {"resync", 0,
            compact({{QStringLiteral("type"), QStringLiteral("resync")},
                     {QStringLiteral("reason"), reason}})};
}

PushMessage error(const QString &code, const QString &message)
{
    return {"error", 0,
            compact({{QStringLiteral("type"), QStringLiteral("error")},
                     {QStringLiteral("code"), code},
                     {QStringLiteral("error"), message}})};
}

} // namespace PushMessages
