#pragma once

#include "apilimits.h"
#include "booking.h"
#include "show.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Request and answer shapes of the REST API that are not domain objects
// themselves; the domain objects (Show, Booking) come from shared/.

// Fields of POST /admin/shows.
struct ShowDraft
{
    QString name;
    QDateTime startTime;
    int totalSeats = 0;
};

// Fields of PATCH /admin/shows/:id; only the set ones are sent.
struct ShowChanges
{
    std::optional<QString> name;
    std::optional<QDateTime> startTime;
    std::optional<int> totalSeats;

    bool isEmpty() const { return !name && !startTime && !totalSeats; }
};

// Answer of DELETE /admin/shows/:id.
struct ShowCancellation
{
    Show show;
    int cancelledBookings = 0;
};

// Query of GET /admin/shows/:id/bookings.
struct BookingQuery
{
    QList<Booking::Status> statuses; // empty = all
    int limit = 50;
    int offset = 0;
};

// One page of a show's bookings plus the X-Total-Count of all matching ones.
struct BookingPage
{
    QList<Booking> bookings;
    int totalCount = 0;
};

// Answer of GET /health (a 503 arrives as an error, not as this).
struct HealthStatus
{
    QString status;
    QString database;
};

// Answer of GET /config: the limits this server applies. The defaults are what a
// server that does not serve /config (an older one) applies, so a client that
// cannot read them works as before.
struct ServerConfig
{
    int holdSeconds = 120;
    int maxSeatsPerBooking = 20;
    int maxUserNameLength = Limits::kMaxUserNameLength;
    int maxShowNameLength = Limits::kMaxShowNameLength;
    int maxTotalSeats = Limits::kMaxTotalSeats;
    int maxIdempotencyKeyLength = Limits::kMaxIdempotencyKeyLength;
    int referenceLength = Limits::kReferenceLength;
    QString version; // empty when the server did not say
    // ISO 4217 code of every amount (issue 18); empty on a server that sells nothing.
    QString currency;
    // Sales paused by an operator (flags sales.paused, sales.paused.show.<id>):
    // new holds are refused for every show, or for these shows (sorted).
    bool salesPaused = false;
    QList<qint64> pausedShowIds;

    bool operator==(const ServerConfig &) const = default;
};
