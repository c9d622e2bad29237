#include "bestavailable.h"

#include <algorithm>
#include <cstdlib>
#include <limits>
#include <numeric>
#include <tuple>

namespace {
// A block under consideration; operator< is rule 4 (a to d).
struct Candidate
{
    int rank = 0;
    int restricted = 0;
    qint64 distanceTwice = 0; // the distance score in half positions, to stay integral
    int rowIndex = 0;
    int section = 0;
    int position = 0; // of the block's first seat
    int index = 0;    // in m_rowSeats, of the block's first seat; not part of the order

    bool operator<(const Candidate &other) const
    {
        return std::tie(rank, restricted, distanceTwice, rowIndex, section, position) <
               std::tie(other.rank, other.restricted, other.distanceTwice, other.rowIndex,
                        other.section, other.position);
    }
};
} // namespace

BestAvailable::BestAvailable(const SeatingPlan &plan) : m_seatCount(int(plan.seats.size()))
{
    // A seat of a section the plan does not have (never in a validated plan)
    // ranks last instead of reading out of bounds.
    const auto rankOf = [&plan](const PlanSeat &seat) {
        return seat.section >= 0 && seat.section < plan.sections.size()
                   ? plan.sections[seat.section].rank
                   : std::numeric_limits<int>::max();
    };

    // Rows by rank first, so that choose() can stop at the first rank worse than
    // a block it already has; the seat index last keeps the order total.
    QList<int> order(m_seatCount);
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const PlanSeat &x = plan.seats[a];
        const PlanSeat &y = plan.seats[b];
        const int rankX = rankOf(x);
        const int rankY = rankOf(y);
        return std::tie(rankX, x.section, x.rowIndex, x.row, x.position, a) <
               std::tie(rankY, y.section, y.rowIndex, y.row, y.position, b);
    });

    m_rowSeats.reserve(m_seatCount + 1);
    RowSeat next;
    for (int i = 0; i < m_seatCount; ++i) {
        const PlanSeat &seat = plan.seats[order[i]];
        const bool newRow = i == 0 || [&] {
            const PlanSeat &previous = plan.seats[order[i - 1]];
            return previous.section != seat.section || previous.rowIndex != seat.rowIndex ||
                   previous.row != seat.row;
        }();
        if (newRow) {
            if (!m_rows.isEmpty())
                m_rows.last().end = i;
            Row row;
            row.begin = i;
            row.rank = rankOf(seat);
            row.section = seat.section;
            row.rowIndex = seat.rowIndex;
            m_rows.append(row);
        }
        next.seat = order[i];
        next.position = seat.position;
        m_rowSeats.append(next);
        next.restrictedBefore += seat.restrictedView ? 1 : 0;
        next.accessibleBefore += seat.accessible ? 1 : 0;
    }
    next.seat = -1;
    next.position = 0;
    m_rowSeats.append(next);
    if (!m_rows.isEmpty())
        m_rows.last().end = m_seatCount;

    // Seats are sorted by position within a row, so its ends are its extremes.
    for (Row &row : m_rows)
        row.centreTwice = qint64(m_rowSeats[row.begin].position) + m_rowSeats[row.end - 1].position;
}

std::optional<QList<int>> BestAvailable::choose(const QList<bool> &taken,
                                                const Request &request) const
{
    const int count = request.count;
    if (count < 1 || taken.size() != m_seatCount)
        return std::nullopt;

    const RowSeat *rowSeats = m_rowSeats.constData();
    const bool *isTaken = taken.constData();
    std::optional<Candidate> best;

    // Every allowed block is looked at once: O(seats) per call, and the
    // prefix counts keep each look O(1) whatever the count.
    const auto considerRun = [&](const Row &row, int runBegin, int runEnd) {
        for (int first = runBegin; first + count <= runEnd; ++first) {
            const int left = first - runBegin;
            const int right = runEnd - (first + count);
            if (left == 1 || right == 1)
                continue;
            const RowSeat &begin = rowSeats[first];
            // One past the block: at most the sentinel.
            const RowSeat &end = rowSeats[first + count];
            const bool hasAccessible = end.accessibleBefore > begin.accessibleBefore;
            if (hasAccessible != request.accessible)
                continue;
            Candidate candidate;
            candidate.rank = row.rank;
            candidate.restricted = end.restrictedBefore - begin.restrictedBefore;
            const qint64 blockCentreTwice = 2 * qint64(begin.position) + (count - 1);
            candidate.distanceTwice =
                2 * qint64(row.rowIndex) + std::abs(blockCentreTwice - row.centreTwice);
            candidate.rowIndex = row.rowIndex;
            candidate.section = row.section;
            candidate.position = begin.position;
            candidate.index = first;
            // Strictly better only: of equal blocks the first found (leftmost) stays.
            if (!best || candidate < *best)
                best = candidate;
        }
    };

    for (const Row &row : m_rows) {
        if (best && row.rank > best->rank)
            break; // rows come by rank: nothing further can win
        if (row.end - row.begin < count)
            continue;
        int runBegin = row.begin;
        while (runBegin < row.end) {
            if (isTaken[rowSeats[runBegin].seat]) {
                ++runBegin;
                continue;
            }
            int runEnd = runBegin + 1;
            while (runEnd < row.end && !isTaken[rowSeats[runEnd].seat] &&
                   rowSeats[runEnd].position == rowSeats[runEnd - 1].position + 1)
                ++runEnd;
            if (runEnd - runBegin >= count)
                considerRun(row, runBegin, runEnd);
            runBegin = runEnd;
        }
    }

    if (!best)
        return std::nullopt;
    QList<int> seats;
    seats.reserve(count);
    for (int i = 0; i < count; ++i)
        seats.append(rowSeats[best->index + i].seat);
    return seats;
}
