#pragma once

#include "seatingplan.h"

#include <QList>

#include <optional>

// Finds the best block of free seats for a party in a reserved-seating plan.
// The product's rules, and why:
// 1. A block is `count` free seats in one row of one section with consecutive
//    positions: a party sits together, and an aisle or a gap (a jump in
//    positions) separates people as much as a taken seat does.
// 2. A block never strands a single seat: within its run of consecutive free
//    seats (bounded by taken seats, jumps and the row's ends) the remainders on
//    each side must not be exactly one seat, because a lone seat is the hardest
//    to sell. There is no fallback that strands one: the answer is then "none",
//    and the counter can still pick seats by hand.
// 3. Accessible seats are kept for the people who need them: an ordinary
//    request never gets one, an accessible request gets at least one (the
//    space plus companions).
// 4. Ranking, lower first: the section's rank (the category the customer is
//    paying for comes before anything else; equal ranks compete together), then
//    the number of restricted-view seats (a poor view is the usual complaint),
//    then rowIndex + |block centre - row centre| in positions (one row further
//    back weighs as much as one seat off the centre line), then lower rowIndex,
//    lower section index, leftmost position, so that the same search always
//    gives the same answer.
// A row is the seats sharing section, row and rowIndex. Immutable after
// construction: choose() is const and touches no shared state, so one instance
// may serve any number of threads at once.
class BestAvailable
{
public:
    struct Request
    {
        int count = 1;           // seats wanted, >= 1
        bool accessible = false; // true: the block must contain at least one accessible seat;
                                 // false: the block contains no accessible seat
    };
    // Built once per plan (indexes the rows); cheap to keep and reuse for many searches.
    explicit BestAvailable(const SeatingPlan &plan);
    // taken[i] is true when plan.seats[i] is held, sold or blocked (size == plan.seats.size()).
    // Returns indexes into plan.seats (ascending position, one row), or nullopt when no block fits
    // (also when count < 1 or taken has the wrong size). O(seats), no allocation but the result.
    std::optional<QList<int>> choose(const QList<bool> &taken, const Request &request) const;

private:
    // One seat in row order. m_rowSeats holds every row's seats contiguously, left
    // to right, rows ordered by rank; the *Before fields count the restricted and
    // accessible seats before this one in m_rowSeats, so a block's counts are two
    // subtractions. A sentinel entry at the end makes that work for the last row.
    struct RowSeat
    {
        int seat = -1; // index into SeatingPlan::seats; -1 for the sentinel
        int position = 0;
        int restrictedBefore = 0;
        int accessibleBefore = 0;
    };
    struct Row
    {
        int begin = 0; // m_rowSeats[begin, end)
        int end = 0;
        int rank = 0;
        int section = 0;
        int rowIndex = 0;
        qint64 centreTwice = 0; // min + max position over all the row's seats
    };

    QList<RowSeat> m_rowSeats;
    QList<Row> m_rows;
    int m_seatCount = 0;
};
