#pragma once

#include "changeevent.h"

#include <QByteArray>
#include <QJsonObject>

// The messages subscribers get, as compact JSON (docs/api.md, "Live push"):
// the same text over WebSocket (one text message) and Server-Sent Events
// (the data line, with the type as the event name and seq as the id).
struct PushMessage
{
    QByteArray type; // hello, subscribed, show, bookings, flag, resync, error
    qint64 seq = 0;  // 0: not a feed event (no SSE id)
    QByteArray json;
};

namespace PushMessages {
constexpr int kCoalesceMs = 100;

PushMessage hello(qint64 seq, const QJsonObject &subscription);
PushMessage subscribed(qint64 seq, const QJsonObject &subscription);
PushMessage show(const ChangeEvent &event);
// The event's bookings, or the ones given (what one subscriber may see).
PushMessage bookings(const ChangeEvent &event, const QList<BookingChange> &shown);
PushMessage flag(const ChangeEvent &event);
// Seat states of one seated show: {"type":"seats","show_id","seats":[{"id","state"}]}.
PushMessage seats(const ChangeEvent &event);
// reason: "feed_interrupted", "overflow" or "gap".
PushMessage resync(const QString &reason);
PushMessage error(const QString &code, const QString &message);
} // namespace PushMessages
