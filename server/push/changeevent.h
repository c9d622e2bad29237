#pragma once

#include "show.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <optional>

// One booking whose state changed, as the change feed announces it (migration
// 017), with what decides who may see it.
struct BookingChange
{
    qint64 id = 0;
    qint64 showId = 0;
    QString status;
    int seats = 0;
    qint64 tokenId = 0;        // the token that made it; 0 = none
    QByteArray holderPrefix;   // first 8 bytes of its access token's SHA-256; empty = none
};

// One seat of a seated show whose state changed (migration 018): its
// plan_seats id and free, held, sold or blocked.
struct SeatChange
{
    qint64 seatId = 0;
    QString state;
};

// One announcement on the channel boxoffice_changes, parsed. seq is the feed's
// number (change_feed_seq); for a show it is also the show's version.
struct ChangeEvent
{
    enum class Kind
    {
        Show,
        Bookings,
        Flag,
        Seats, // seat states of one seated show (issue 17)
    };
    Kind kind = Kind::Show;
    qint64 seq = 0;
    qint64 atMs = 0; // when the database announced it (its clock)
    Show show;       // Kind::Show
    QList<BookingChange> bookings; // Kind::Bookings
    QString flagKey;               // Kind::Flag
    qint64 seatsShowId = 0;        // Kind::Seats: the show
    QList<SeatChange> seats;       // Kind::Seats

    // nullopt for anything that is not a payload 017 writes.
    static std::optional<ChangeEvent> fromPayload(const QByteArray &payload);
};
