// Best-available seats on small hand-made plans: consecutive blocks, no stranded
// single seat, aisle gaps, categories, accessible and restricted-view seats,
// front-and-centre ranking; then random plans checked against a brute force.
#include "seating/bestavailable.h"

#include <QRandomGenerator>
#include <QtTest>

#include <algorithm>
#include <map>
#include <tuple>

Q_DECLARE_METATYPE(SeatingPlan)

namespace {
const QStringList none; // the expected answer when no block fits

QString labelOf(const QString &row, int number)
{
    return QStringLiteral("%1-%2").arg(row).arg(number);
}

// "A", 3, 5 -> A-3, A-4, A-5
QStringList seats(const QString &row, int first, int last)
{
    QStringList labels;
    for (int number = first; number <= last; ++number)
        labels.append(labelOf(row, number));
    return labels;
}

// Plans for the tables: seats are labelled "<row>-<number>", so row names are
// kept unique across sections.
class PlanBuilder
{
public:
    // Starts a section; the rows added next belong to it.
    PlanBuilder &section(int rank)
    {
        m_plan.sections.append(PlanSection{QStringLiteral("S%1").arg(m_plan.sections.size()),
                                           QStringLiteral("standard"), rank});
        return *this;
    }
    // Seats numbered 1..N at positions 1..N.
    PlanBuilder &row(const QString &name, int rowIndex, int seatCount)
    {
        QList<int> positions;
        for (int position = 1; position <= seatCount; ++position)
            positions.append(position);
        return rowAt(name, rowIndex, positions);
    }
    // Seats numbered 1.. in the order of the positions given (gaps allowed).
    PlanBuilder &rowAt(const QString &name, int rowIndex, const QList<int> &positions)
    {
        if (m_plan.sections.isEmpty())
            section(0);
        for (int i = 0; i < positions.size(); ++i) {
            PlanSeat seat;
            seat.label = labelOf(name, i + 1);
            seat.section = int(m_plan.sections.size()) - 1;
            seat.row = name;
            seat.rowIndex = rowIndex;
            seat.number = i + 1;
            seat.position = positions[i];
            seat.x = positions[i];
            seat.y = rowIndex;
            m_plan.seats.append(seat);
        }
        return *this;
    }
    PlanBuilder &accessible(const QStringList &labels)
    {
        for (const QString &label : labels)
            m_plan.seats[indexOf(m_plan, label)].accessible = true;
        return *this;
    }
    PlanBuilder &restricted(const QStringList &labels)
    {
        for (const QString &label : labels)
            m_plan.seats[indexOf(m_plan, label)].restrictedView = true;
        return *this;
    }
    SeatingPlan plan() const { return m_plan; }

    static int indexOf(const SeatingPlan &plan, const QString &label)
    {
        for (int i = 0; i < plan.seats.size(); ++i)
            if (plan.seats[i].label == label)
                return i;
        qFatal("the test table names seat %s, which the plan does not have", qPrintable(label));
    }

private:
    SeatingPlan m_plan;
};

SeatingPlan oneRow(int seatCount)
{
    return PlanBuilder().row("A", 0, seatCount).plan();
}

QList<bool> takenSeats(const SeatingPlan &plan, const QStringList &labels)
{
    QList<bool> taken(plan.seats.size(), false);
    for (const QString &label : labels)
        taken[PlanBuilder::indexOf(plan, label)] = true;
    return taken;
}

QStringList labelsOf(const SeatingPlan &plan, const std::optional<QList<int>> &chosen)
{
    QStringList labels;
    if (chosen)
        for (int index : *chosen)
            labels.append(plan.seats[index].label);
    return labels;
}

// --- the reference for the random plans: every block, straight from the rules ---

using RowKey = std::tuple<int, int, QString>; // section, rowIndex, row
using RankKey = std::tuple<int, int, qint64, int, int, int>;

std::map<RowKey, QList<int>> rowsOf(const SeatingPlan &plan)
{
    std::map<RowKey, QList<int>> rows;
    for (int i = 0; i < plan.seats.size(); ++i) {
        const PlanSeat &seat = plan.seats[i];
        rows[{seat.section, seat.rowIndex, seat.row}].append(i);
    }
    for (auto &[key, seatIndexes] : rows)
        std::sort(seatIndexes.begin(), seatIndexes.end(), [&plan](int a, int b) {
            return plan.seats[a].position < plan.seats[b].position;
        });
    return rows;
}

// Free seats next to `index` (in row order) on one side, up to a taken seat or a jump.
int freeRunBeside(const SeatingPlan &plan, const QList<int> &row, const QList<bool> &taken,
                  int index, int step)
{
    int length = 0;
    for (int i = index + step; i >= 0 && i < row.size(); i += step) {
        const int previous = plan.seats[row[i - step]].position;
        if (taken[row[i]] || std::abs(plan.seats[row[i]].position - previous) != 1)
            break;
        ++length;
    }
    return length;
}

std::optional<QList<int>> bruteForce(const SeatingPlan &plan, const QList<bool> &taken,
                                     const BestAvailable::Request &request)
{
    std::optional<std::pair<RankKey, QList<int>>> best;
    for (const auto &[key, row] : rowsOf(plan)) {
        const int section = std::get<0>(key);
        const int rowIndex = std::get<1>(key);
        const qint64 rowCentreTwice =
            qint64(plan.seats[row.first()].position) + plan.seats[row.last()].position;
        for (int start = 0; start + request.count <= row.size(); ++start) {
            const QList<int> block = row.mid(start, request.count);
            bool ok = true;
            int restricted = 0;
            int accessible = 0;
            for (int i = 0; i < block.size(); ++i) {
                const PlanSeat &seat = plan.seats[block[i]];
                ok = ok && !taken[block[i]] &&
                     seat.position == plan.seats[block.first()].position + i;
                restricted += seat.restrictedView;
                accessible += seat.accessible;
            }
            const int left = freeRunBeside(plan, row, taken, start, -1);
            const int right = freeRunBeside(plan, row, taken, start + request.count - 1, +1);
            if (!ok || left == 1 || right == 1 || (accessible > 0) != request.accessible)
                continue;
            const int first = plan.seats[block.first()].position;
            const int last = plan.seats[block.last()].position;
            const qint64 distanceTwice =
                2 * qint64(rowIndex) + std::abs(first + last - rowCentreTwice);
            const RankKey rank = std::make_tuple(plan.sections[section].rank, restricted,
                                                 distanceTwice, rowIndex, section, first);
            if (!best || rank < best->first)
                best = std::pair{rank, block};
        }
    }
    if (!best)
        return std::nullopt;
    return best->second;
}

// Rows of 1..12 seats with the odd gap, a few accessible and restricted seats,
// shuffled into the plan so that the seats' order in the plan means nothing.
// Each (section, rowIndex) is one row, so rule 4 orders every pair of blocks.
SeatingPlan randomPlan(QRandomGenerator &random)
{
    SeatingPlan plan;
    const int sectionCount = random.bounded(1, 4);
    for (int s = 0; s < sectionCount; ++s) {
        plan.sections.append(PlanSection{QStringLiteral("S%1").arg(s), QStringLiteral("standard"),
                                         int(random.bounded(3))});
        const int rowCount = random.bounded(1, 5);
        for (int r = 0; r < rowCount; ++r) {
            const int seatCount = random.bounded(1, 13);
            int position = random.bounded(1, 4);
            for (int n = 1; n <= seatCount; ++n) {
                PlanSeat seat;
                seat.row = QString(QChar(u'A' + r));
                seat.label = QStringLiteral("%1:%2").arg(s).arg(labelOf(seat.row, n));
                seat.section = s;
                seat.rowIndex = r;
                seat.number = n;
                seat.position = position;
                seat.accessible = random.bounded(10) == 0;
                seat.restrictedView = random.bounded(7) == 0;
                plan.seats.append(seat);
                position += random.bounded(6) == 0 ? random.bounded(2, 4) : 1;
            }
        }
    }
    std::shuffle(plan.seats.begin(), plan.seats.end(), random);
    return plan;
}
} // namespace

class TestBestAvailable : public QObject
{
    Q_OBJECT

private:
    static void addColumns()
    {
        QTest::addColumn<SeatingPlan>("plan");
        QTest::addColumn<QStringList>("taken");
        QTest::addColumn<int>("count");
        QTest::addColumn<bool>("accessible");
        QTest::addColumn<QStringList>("expected");
    }

    static void checkChoice()
    {
        QFETCH(SeatingPlan, plan);
        QFETCH(QStringList, taken);
        QFETCH(int, count);
        QFETCH(bool, accessible);
        QFETCH(QStringList, expected);
        const BestAvailable chooser(plan);
        const std::optional<QList<int>> chosen =
            chooser.choose(takenSeats(plan, taken), {count, accessible});
        QVERIFY2(!chosen || !chosen->isEmpty(), "an empty block instead of nullopt");
        // An empty list on either side means "no block".
        QCOMPARE(labelsOf(plan, chosen), expected);
    }

private slots:
    void blockSkipsTakenSeatsWithoutStranding_data()
    {
        addColumns();
        const SeatingPlan plan = oneRow(10);
        const QStringList taken{"A-3", "A-6"};
        // Free runs 1-2, 4-5, 7-10. Of the singles only 7 and 10 leave no lone
        // seat, and 7 is nearer the centre (5.5).
        QTest::newRow("1") << plan << taken << 1 << false << QStringList{"A-7"};
        QTest::newRow("2 fills the middle pair") << plan << taken << 2 << false << seats("A", 4, 5);
        QTest::newRow("3 would strand 7 or 10") << plan << taken << 3 << false << none;
        QTest::newRow("4 fills the right run") << plan << taken << 4 << false << seats("A", 7, 10);
        QTest::newRow("5 does not fit") << plan << taken << 5 << false << none;
    }
    void blockSkipsTakenSeatsWithoutStranding() { checkChoice(); }

    void emptyRowGivesCentredBlock_data()
    {
        addColumns();
        const SeatingPlan plan = oneRow(10);
        // Odd counts cannot be centred on 5.5: the leftmost of the two wins.
        QTest::newRow("1") << plan << none << 1 << false << QStringList{"A-5"};
        QTest::newRow("2") << plan << none << 2 << false << seats("A", 5, 6);
        QTest::newRow("3") << plan << none << 3 << false << seats("A", 4, 6);
        QTest::newRow("4") << plan << none << 4 << false << seats("A", 4, 7);
        QTest::newRow("5") << plan << none << 5 << false << seats("A", 3, 7);
        QTest::newRow("6") << plan << none << 6 << false << seats("A", 3, 8);
        // 2-8 and 3-9 strand seat 1 or 10; 1-7 and 4-10 are equally off-centre.
        QTest::newRow("7") << plan << none << 7 << false << seats("A", 1, 7);
        // 2-9 strands both ends; 1-8 and 3-10 are equally off-centre.
        QTest::newRow("8") << plan << none << 8 << false << seats("A", 1, 8);
        QTest::newRow("9 strands an end seat") << plan << none << 9 << false << none;
        QTest::newRow("10") << plan << none << 10 << false << seats("A", 1, 10);
    }
    void emptyRowGivesCentredBlock() { checkChoice(); }

    void blockNeverStrandsASeat_data()
    {
        addColumns();
        const SeatingPlan five = oneRow(5);
        const SeatingPlan three = oneRow(3);
        // Seat 1 taken: the free run 2-5.
        QTest::newRow("3 of 4 free at the row's end")
            << five << QStringList{"A-1"} << 3 << false << none;
        QTest::newRow("2 of 4 free at the row's end")
            << five << QStringList{"A-1"} << 2 << false << seats("A", 2, 3);
        QTest::newRow("4 of 4 free at the row's end")
            << five << QStringList{"A-1"} << 4 << false << seats("A", 2, 5);
        QTest::newRow("1 of 4 free at the row's end")
            << five << QStringList{"A-1"} << 1 << false << QStringList{"A-2"};
        QTest::newRow("2 of an empty 3") << three << none << 2 << false << none;
        QTest::newRow("1 of an empty 3") << three << none << 1 << false << QStringList{"A-1"};
        // A seat already alone is a run of one: taking it strands nobody.
        QTest::newRow("1 fills a lone seat")
            << three << QStringList{"A-2"} << 1 << false << QStringList{"A-1"};
        QTest::newRow("a lone seat elsewhere does not block")
            << five << QStringList{"A-2"} << 3 << false << seats("A", 3, 5);
    }
    void blockNeverStrandsASeat() { checkChoice(); }

    void aisleGapBreaksAdjacency_data()
    {
        addColumns();
        // Seats 1-4 at positions 1-4, seats 5-8 at positions 6-9; the centre is 5.
        const SeatingPlan plan = PlanBuilder().rowAt("A", 0, {1, 2, 3, 4, 6, 7, 8, 9}).plan();
        QTest::newRow("5 does not cross the gap") << plan << none << 5 << false << none;
        QTest::newRow("4 takes one side, the left on a tie")
            << plan << none << 4 << false << seats("A", 1, 4);
        QTest::newRow("3 would strand a seat on either side") << plan << none << 3 << false << none;
        QTest::newRow("2 next to the gap, the left on a tie")
            << plan << none << 2 << false << seats("A", 3, 4);
        QTest::newRow("1 next to the gap, which is a row end")
            << plan << none << 1 << false << QStringList{"A-4"};
        // Positions 4 and 6 are nearest the centre but not adjacent.
        QTest::newRow("2 not bridged across the gap")
            << plan << QStringList{"A-3", "A-6"} << 2 << false << seats("A", 1, 2);
    }
    void aisleGapBreaksAdjacency() { checkChoice(); }

    void betterCategoryFirst_data()
    {
        addColumns();
        const SeatingPlan frontAndBack =
            PlanBuilder().section(0).row("A", 0, 5).section(1).row("P", 0, 5).plan();
        // In P, 2-4 would strand both ends; 1-3 and 3-5 are equally off-centre.
        QTest::newRow("only stranding blocks in rank 0: rank 1")
            << frontAndBack << QStringList{"A-1"} << 3 << false << seats("P", 1, 3);
        const SeatingPlan backRowFirst =
            PlanBuilder().section(0).row("A", 0, 6).row("J", 9, 6).section(1).row("P", 0, 6).plan();
        QTest::newRow("a block in rank 0 wins over a better row in rank 1")
            << backRowFirst << seats("A", 1, 6) << 2 << false << seats("J", 3, 4);
        QTest::newRow("rank, not the section's place in the plan")
            << PlanBuilder().section(1).row("A", 0, 6).section(0).row("P", 3, 6).plan() << none << 2
            << false << seats("P", 3, 4);
        QTest::newRow("equal ranks compete: the nearer row")
            << PlanBuilder().section(0).row("A", 2, 6).section(0).row("P", 0, 6).plan() << none << 2
            << false << seats("P", 3, 4);
        QTest::newRow("equal ranks and scores: the first section")
            << PlanBuilder().section(0).row("A", 0, 6).section(0).row("P", 0, 6).plan() << none << 2
            << false << seats("A", 3, 4);
    }
    void betterCategoryFirst() { checkChoice(); }

    void accessibleSeatsOnlyForAccessibleRequests_data()
    {
        addColumns();
        const SeatingPlan plan = PlanBuilder().row("A", 0, 10).accessible({"A-5", "A-6"}).plan();
        QTest::newRow("ordinary 1 beside them") << plan << none << 1 << false << QStringList{"A-4"};
        QTest::newRow("ordinary 2 beside them") << plan << none << 2 << false << seats("A", 3, 4);
        QTest::newRow("ordinary 4 on one side") << plan << none << 4 << false << seats("A", 1, 4);
        QTest::newRow("ordinary 5 would need one") << plan << none << 5 << false << none;
        QTest::newRow("ordinary 10 would need one") << plan << none << 10 << false << none;
        QTest::newRow("accessible 1") << plan << none << 1 << true << QStringList{"A-5"};
        QTest::newRow("accessible 2") << plan << none << 2 << true << seats("A", 5, 6);
        QTest::newRow("accessible 3, the left on a tie")
            << plan << none << 3 << true << seats("A", 4, 6);
        QTest::newRow("accessible 10") << plan << none << 10 << true << seats("A", 1, 10);
        QTest::newRow("accessible, one of them taken")
            << plan << QStringList{"A-6"} << 2 << true << seats("A", 4, 5);
        QTest::newRow("accessible, none free")
            << plan << QStringList{"A-5", "A-6"} << 1 << true << none;
        // Run 1-6: 4-5 would strand 6, so 5-6.
        QTest::newRow("accessible still strands nobody")
            << PlanBuilder().row("A", 0, 10).accessible({"A-5"}).plan() << QStringList{"A-7"} << 2
            << true << seats("A", 5, 6);
        QTest::newRow("accessible, the plan has none") << oneRow(10) << none << 2 << true << none;
    }
    void accessibleSeatsOnlyForAccessibleRequests() { checkChoice(); }

    void restrictedViewPenalised_data()
    {
        addColumns();
        const SeatingPlan plan = PlanBuilder().row("A", 0, 10).restricted({"A-5"}).plan();
        QTest::newRow("2 beside the restricted seat")
            << plan << none << 2 << false << seats("A", 6, 7);
        QTest::newRow("1 beside the restricted seat")
            << plan << none << 1 << false << QStringList{"A-6"};
        // 1-4 and 3-6 are equally off-centre; 3-6 has one restricted seat fewer.
        QTest::newRow("fewest restricted when none is clear")
            << PlanBuilder().row("A", 0, 6).restricted({"A-2", "A-3", "A-4"}).plan() << none << 4
            << false << seats("A", 3, 6);
        QTest::newRow("a clear view beats a nearer row")
            << PlanBuilder().row("A", 0, 6).row("B", 1, 6).restricted(seats("A", 1, 6)).plan()
            << none << 2 << false << seats("B", 3, 4);
        const SeatingPlan poorViewInFront = PlanBuilder()
                                                .section(0)
                                                .row("A", 0, 6)
                                                .restricted(seats("A", 1, 6))
                                                .section(1)
                                                .row("P", 0, 6)
                                                .plan();
        QTest::newRow("the category beats a clear view")
            << poorViewInFront << none << 2 << false << seats("A", 3, 4);
    }
    void restrictedViewPenalised() { checkChoice(); }

    void soldOutRowsAreSkipped_data()
    {
        addColumns();
        const SeatingPlan plan = PlanBuilder().row("A", 0, 6).row("B", 1, 6).row("C", 2, 6).plan();
        QTest::newRow("front rows sold out")
            << plan << seats("A", 1, 6) + seats("B", 1, 6) << 2 << false << seats("C", 3, 4);
        QTest::newRow("everything sold out")
            << plan << seats("A", 1, 6) + seats("B", 1, 6) + seats("C", 1, 6) << 1 << false << none;
    }
    void soldOutRowsAreSkipped() { checkChoice(); }

    void frontRowsPreferred_data()
    {
        addColumns();
        const SeatingPlan plan = PlanBuilder().row("A", 0, 10).row("B", 1, 10).plan();
        QTest::newRow("equally centred: the front row")
            << plan << none << 2 << false << seats("A", 5, 6);
        // A's best is 1-2, four positions off; B's 5-6 scores one row back.
        QTest::newRow("far off-centre in front: the next row")
            << plan << seats("A", 3, 8) << 2 << false << seats("B", 5, 6);
        // A's 6-7 is one position off, B's 5-6 one row back: equal, so the front.
        QTest::newRow("one seat off-centre weighs as one row back")
            << plan << QStringList{"A-5"} << 2 << false << seats("A", 6, 7);
    }
    void frontRowsPreferred() { checkChoice(); }

    void impossibleRequestsFindNothing_data()
    {
        addColumns();
        QTest::newRow("count 0") << oneRow(10) << none << 0 << false << none;
        QTest::newRow("count -1") << oneRow(10) << none << -1 << false << none;
        QTest::newRow("longer than any row")
            << PlanBuilder().row("A", 0, 10).row("B", 1, 8).plan() << none << 11 << false << none;
        QTest::newRow("no seats") << SeatingPlan() << none << 1 << false << none;
    }
    void impossibleRequestsFindNothing() { checkChoice(); }

    void takenOfTheWrongSizeFindsNothing()
    {
        const BestAvailable chooser(oneRow(10));
        QVERIFY(chooser.choose(QList<bool>(10, false), {2, false}).has_value());
        QVERIFY2(!chooser.choose(QList<bool>(9, false), {2, false}), "answered for 9 of 10 seats");
        QVERIFY2(!chooser.choose(QList<bool>(11, false), {2, false}),
                 "answered for 11 of 10 seats");
    }

    void searchOutlivesThePlanItWasBuiltFrom()
    {
        std::optional<BestAvailable> chooser;
        {
            SeatingPlan plan = oneRow(10);
            chooser.emplace(plan);
            plan.seats.clear();
        }
        const std::optional<QList<int>> chosen =
            chooser->choose(QList<bool>(10, false), {2, false});
        QCOMPARE(chosen.value_or(QList<int>()), QList<int>({4, 5}));
    }

    void randomPlansAgreeWithBruteForce()
    {
        QRandomGenerator random(20240611);
        int found = 0;
        for (int iteration = 0; iteration < 2000; ++iteration) {
            const SeatingPlan plan = randomPlan(random);
            const BestAvailable chooser(plan);
            const double takenShare = random.bounded(0.8);
            QList<bool> taken(plan.seats.size());
            for (bool &seat : taken)
                seat = random.generateDouble() < takenShare;
            BestAvailable::Request request;
            request.count = random.bounded(8) == 0 ? random.bounded(7, 14) : random.bounded(1, 7);
            request.accessible = random.bounded(4) == 0;
            const QString where = QStringLiteral("iteration %1, count %2, accessible %3")
                                      .arg(iteration)
                                      .arg(request.count)
                                      .arg(request.accessible);

            const std::optional<QList<int>> chosen = chooser.choose(taken, request);
            const std::optional<QList<int>> reference = bruteForce(plan, taken, request);
            if (chosen) {
                ++found;
                const QList<int> &block = *chosen;
                QVERIFY2(block.size() == request.count, qPrintable(where + ": wrong size"));
                const PlanSeat &first = plan.seats[block.first()];
                bool anyAccessible = false;
                for (int i = 0; i < block.size(); ++i) {
                    const PlanSeat &seat = plan.seats[block[i]];
                    QVERIFY2(!taken[block[i]], qPrintable(where + ": a taken seat"));
                    QVERIFY2(seat.section == first.section && seat.rowIndex == first.rowIndex &&
                                 seat.row == first.row,
                             qPrintable(where + ": more than one row"));
                    QVERIFY2(seat.position == first.position + i,
                             qPrintable(where + ": not consecutive"));
                    anyAccessible = anyAccessible || seat.accessible;
                }
                QVERIFY2(anyAccessible == request.accessible,
                         qPrintable(where + ": accessible seats against the request"));
                const QList<int> row = rowsOf(plan).at({first.section, first.rowIndex, first.row});
                const int start = int(row.indexOf(block.first()));
                const int left = freeRunBeside(plan, row, taken, start, -1);
                const int right = freeRunBeside(plan, row, taken, start + request.count - 1, +1);
                QVERIFY2(left != 1 && right != 1, qPrintable(where + ": strands a seat"));
            } else {
                QVERIFY2(!reference, qPrintable(where + ": nothing found, but a block is allowed"));
            }
            QVERIFY2(chosen == reference,
                     qPrintable(where + ": not the block rule 4 ranks best. Expected " +
                                labelsOf(plan, reference).join(u',') + ", got " +
                                labelsOf(plan, chosen).join(u',')));
        }
        // The generator must exercise both outcomes for the test to mean anything.
        QVERIFY2(found > 500 && found < 1900, qPrintable(QStringLiteral("%1 found").arg(found)));
    }
};

QTEST_APPLESS_MAIN(TestBestAvailable)
#include "tst_bestavailable.moc"
