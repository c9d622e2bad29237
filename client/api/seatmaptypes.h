#pragma once

#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

// Shapes of reserved seating (docs/seating.md): a seated show's seat map
// (GET /shows/:id/seats), the seat changes live push announces, what a hold of
// seats asks for and what blocking seats answers.

// In a namespace of their own: the server has seat types too (server/seating/),
// and the GUI tests link both libraries.
namespace Api {

enum class SeatState
{
    Free,
    Held,    // in a PENDING booking
    Sold,    // in a CONFIRMED booking
    Blocked, // taken out of sale by an admin for this show
};

// "free", "held", "sold", "blocked", as the API writes them.
QString seatStateName(SeatState state);
std::optional<SeatState> seatStateFromName(const QString &name);

struct Seat
{
    qint64 id = 0; // the plan's seat id: push messages name seats by it
    QString label; // "A-12": what bookings, seat_ids and tickets say
    QString section;
    QString category;
    QString row;
    int number = 0;
    double x = 0; // in seat widths from the left
    double y = 0; // in seat widths from the stage (small y = front)
    SeatState state = SeatState::Free;
    bool accessible = false;
    bool restrictedView = false;
    bool aisle = false;
};

struct SeatCounts
{
    int free = 0;
    int held = 0;
    int sold = 0;
    int blocked = 0;

    int of(SeatState state) const;
    void add(SeatState state, int delta);
    int total() const { return free + held + sold + blocked; }
    bool operator==(const SeatCounts &) const = default;
};

struct SeatMap
{
    qint64 showId = 0;
    qint64 planId = 0;
    QList<Seat> seats; // in the plan's order: sections, rows from the front, seats
    SeatCounts counts;
};

// One seat's new state from a `seats` push message.
struct SeatStateChange
{
    qint64 seatId = 0;
    SeatState state = SeatState::Free;
    bool operator==(const SeatStateChange &) const = default;
};

// What a hold of a seated show asks for: exactly these seats (labels), or the
// best `count` seats available (with an accessible seat among them when asked).
struct SeatChoice
{
    QStringList labels;
    int count = 0;
    bool accessible = false;

    static SeatChoice picked(const QStringList &labels) { return {labels, 0, false}; }
    static SeatChoice bestAvailable(int count, bool accessible = false)
    {
        return {{}, count, accessible};
    }
    bool isPicked() const { return !labels.isEmpty(); }
    int seatCount() const { return isPicked() ? int(labels.size()) : count; }
    bool operator==(const SeatChoice &) const = default;
};

// Answer of PATCH /admin/shows/:id/seats: the show's capacity afterwards.
struct SeatBlocksResult
{
    qint64 showId = 0;
    int totalSeats = 0;
    int blockedSeats = 0;
    int availableSeats = 0;
};

// One stored seating plan, as GET /admin/plans lists it and POST /admin/plans
// answers it (sectionCount counted from its sections there).
struct PlanSummary
{
    qint64 id = 0;
    QString name;
    int seatCount = 0;
    int sectionCount = 0;
};

} // namespace Api
