// The seat map without widgets: GET /shows/:id/seats decodes strictly (flags
// absent mean false), a `seats` push message decodes and applies by seat id
// with one dataChanged per run of changed seats and fresh counts, another
// show's changes are ignored, a picked seat that someone else takes leaves the
// selection (and says so), only free seats can be picked at the counter (free
// and blocked ones when blocking), and a re-read keeps what may still be picked.
#include "pushprotocol.h"
#include "seatmapdecoder.h"
#include "seatmapmodel.h"
#include "seatmapsamples.h"

#include <QSignalSpy>
#include <QtTest>

using Api::SeatState;

namespace {
Api::SeatMap sampleMap()
{
    const auto map = SeatMapDecoder::seatMap(sampleSeatMapJson());
    if (!map)
        qFatal("the sample seat map does not decode: %s", qPrintable(map.error().message));
    return *map;
}

QStringList labelsOf(const QSignalSpy &spy)
{
    QStringList labels;
    for (const QList<QVariant> &signal : spy)
        labels << signal.at(0).toStringList();
    return labels;
}

// The rows named by every dataChanged the spy saw, as "first-last" runs.
QStringList runsOf(const QSignalSpy &spy)
{
    QStringList runs;
    for (const QList<QVariant> &signal : spy)
        runs << QStringLiteral("%1-%2")
                    .arg(signal.at(0).toModelIndex().row())
                    .arg(signal.at(1).toModelIndex().row());
    return runs;
}
} // namespace

class TestSeatMapModel : public QObject
{
    Q_OBJECT

private slots:
    void seatMapDecodesEverySeatWithItsFlags()
    {
        const auto map = SeatMapDecoder::seatMap(sampleSeatMapJson());
        QVERIFY2(map, qPrintable(map ? QString() : map.error().message));
        QCOMPARE(map->showId, 7);
        QCOMPARE(map->planId, 3);
        QCOMPARE(map->seats.size(), 10);
        const Api::Seat &first = map->seats.at(0);
        QCOMPARE(first.id, 101);
        QCOMPARE(first.label, QStringLiteral("A-1"));
        QCOMPARE(first.section, QStringLiteral("Stalls"));
        QCOMPARE(first.category, QStringLiteral("standard"));
        QCOMPARE(first.row, QStringLiteral("A"));
        QCOMPARE(first.number, 1);
        QCOMPARE(first.state, SeatState::Free);
        QVERIFY(first.accessible);
        QVERIFY2(!first.restrictedView && !first.aisle, "absent flags are false");
        QVERIFY(map->seats.at(3).aisle);
        QVERIFY(map->seats.at(5).restrictedView);
        QCOMPARE(map->seats.at(5).y, 1.0);
        QCOMPARE(map->seats.at(2).state, SeatState::Sold);
        QCOMPARE(map->seats.at(6).state, SeatState::Held);
        QCOMPARE(map->seats.at(9).state, SeatState::Blocked);
        QCOMPARE(map->counts, (Api::SeatCounts{7, 1, 1, 1}));
    }

    void malformedSeatMapsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("not JSON") << QByteArray("<html>502</html>");
        QTest::newRow("an array") << QByteArray("[]");
        QTest::newRow("no seats") << QByteArray(R"({"show_id":7,"plan_id":3})");
        QTest::newRow("no show id") << QByteArray(R"({"plan_id":3,"seats":[]})");
        QTest::newRow("seat without id")
            << QByteArray(R"({"show_id":7,"seats":[{"label":"A-1","x":0,"y":0,"state":"free"}]})");
        QTest::newRow("seat without label")
            << QByteArray(R"({"show_id":7,"seats":[{"id":1,"x":0,"y":0,"state":"free"}]})");
        QTest::newRow("seat without position")
            << QByteArray(R"({"show_id":7,"seats":[{"id":1,"label":"A-1","state":"free"}]})");
        QTest::newRow("unknown state") << QByteArray(
            R"({"show_id":7,"seats":[{"id":1,"label":"A-1","x":0,"y":0,"state":"lost"}]})");
        QTest::newRow("flag that is not a bool")
            << QByteArray(R"({"show_id":7,"seats":[{"id":1,"label":"A-1","x":0,"y":0,)"
                          R"("state":"free","accessible":"yes"}]})");
    }

    void malformedSeatMapsAreRefused()
    {
        QFETCH(QByteArray, body);
        const auto map = SeatMapDecoder::seatMap(body);
        QVERIFY2(!map, "a body that is not a seat map must not decode");
    }

    void seatsPushMessageDecodesAsAnEvent()
    {
        const auto message = PushProtocol::decode(
            R"({"type":"seats","seq":88,"at":1796289361021,"show_id":7,)"
            R"("seats":[{"id":102,"state":"held"},{"id":103,"state":"free"}]})");
        QVERIFY2(message, qPrintable(message ? QString() : message.error().message));
        QCOMPARE(message->type, PushProtocol::Message::Type::Seats);
        QVERIFY2(message->isEvent(), "a seats message carries a resumable seq");
        QCOMPARE(message->seq, 88);
        QCOMPARE(message->seatsShowId, 7);
        QCOMPARE(message->seats,
                 (QList<Api::SeatStateChange>{{102, SeatState::Held}, {103, SeatState::Free}}));
        for (const QByteArray &bad :
             {QByteArray(R"({"type":"seats","seq":5,"seats":[]})"),
              QByteArray(R"({"type":"seats","seq":5,"show_id":7,"seats":[{"id":1}]})"),
              QByteArray(R"({"type":"seats","seq":5,"show_id":7,"seats":[{"id":1,"state":"x"}]})"),
              QByteArray(R"({"type":"seats","show_id":7,"seats":[]})")})
            QVERIFY2(!PushProtocol::decode(bad), bad.constData());
    }

    void pushChangesApplyBySeatIdWithFreshCounts()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        QCOMPARE(model.rowCount(), 10);
        QCOMPARE(model.counts(), (Api::SeatCounts{7, 1, 1, 1}));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy counts(&model, &SeatMapModel::countsChanged);

        const auto message = PushProtocol::decode(
            R"({"type":"seats","seq":90,"at":1,"show_id":7,"seats":[{"id":102,"state":"held"},)"
            R"({"id":104,"state":"held"},{"id":105,"state":"sold"},{"id":107,"state":"free"},)"
            R"({"id":999,"state":"sold"}]})");
        QVERIFY(message);
        QCOMPARE(model.applySeatChanges(message->seatsShowId, message->seats), 4);

        QCOMPARE(model.seatAt(1).state, SeatState::Held);
        QCOMPARE(model.seatAt(3).state, SeatState::Held);
        QCOMPARE(model.seatAt(4).state, SeatState::Sold);
        QCOMPARE(model.seatAt(6).state, SeatState::Free);
        QCOMPARE(model.index(3).data(SeatMapModel::StateRole).toInt(), int(SeatState::Held));
        // Rows 1, 3-4 and 6 changed: three runs, the unchanged row 2 and unknown seat not in any.
        QCOMPARE(runsOf(changed), (QStringList{"1-1", "3-4", "6-6"}));
        QCOMPARE(counts.count(), 1);
        QCOMPARE(model.counts(), (Api::SeatCounts{5, 2, 2, 1}));

        // The same states again change nothing and say nothing.
        changed.clear();
        QCOMPARE(model.applySeatChanges(7, {{102, SeatState::Held}}), 0);
        QCOMPARE(changed.count(), 0);
    }

    void anotherShowsChangesAreIgnored()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QCOMPARE(model.applySeatChanges(8, {{102, SeatState::Sold}}), 0);
        QCOMPARE(model.seatAt(1).state, SeatState::Free);
        QCOMPARE(changed.count(), 0);
    }

    void onlyFreeSeatsCanBePickedAtTheCounter()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        QSignalSpy selection(&model, &SeatMapModel::selectionChanged);
        QVERIFY(model.toggleSelected(model.rowOfLabel(QStringLiteral("A-2"))));
        QVERIFY2(!model.toggleSelected(model.rowOfLabel(QStringLiteral("A-3"))), "A-3 is sold");
        QVERIFY2(!model.toggleSelected(model.rowOfLabel(QStringLiteral("B-2"))), "B-2 is held");
        QVERIFY2(!model.toggleSelected(model.rowOfLabel(QStringLiteral("B-5"))), "B-5 is blocked");
        QCOMPARE(model.select({0, 2, 5, 6, 9}), 2); // A-1 and B-1; the others may not be picked
        QCOMPARE(model.selectedLabels(), (QStringList{"A-1", "A-2", "B-1"}));
        QCOMPARE(model.selectedIds(), (QList<qint64>{101, 102, 106}));
        QCOMPARE(selection.count(), 2);
        QCOMPARE(selection.last().at(0).toInt(), 3);
        QVERIFY(model.toggleSelected(model.rowOfLabel(QStringLiteral("A-2"))));
        QCOMPARE(model.selectedLabels(), (QStringList{"A-1", "B-1"}));
    }

    void blockingMayPickBlockedSeatsToo()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        model.setSelectableStates({SeatState::Free, SeatState::Blocked});
        QCOMPARE(model.select({1, 2, 9}), 2); // A-2 and the blocked B-5, not the sold A-3
        QCOMPARE(model.selectedLabels(SeatState::Free), QStringList{"A-2"});
        QCOMPARE(model.selectedLabels(SeatState::Blocked), QStringList{"B-5"});
        // Back at the counter, the blocked one cannot stay picked.
        model.setSelectableStates({SeatState::Free});
        QCOMPARE(model.selectedLabels(), QStringList{"A-2"});
    }

    void pickedSeatTakenElsewhereLeavesTheSelection()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        model.select({model.rowOfLabel(QStringLiteral("A-4")),
                      model.rowOfLabel(QStringLiteral("A-5")),
                      model.rowOfLabel(QStringLiteral("B-4"))});
        QCOMPARE(model.selectedCount(), 3);
        QSignalSpy dropped(&model, &SeatMapModel::selectionDropped);
        QSignalSpy selection(&model, &SeatMapModel::selectionChanged);

        // Another counter holds A-5 and sells B-4; A-2, not picked, is held too.
        model.applySeatChanges(
            7, {{102, SeatState::Held}, {105, SeatState::Held}, {109, SeatState::Sold}});
        QCOMPARE(model.selectedLabels(), QStringList{"A-4"});
        QCOMPARE(model.selectedCount(), 1);
        QCOMPARE(labelsOf(dropped), (QStringList{"A-5", "B-4"}));
        QCOMPARE(selection.count(), 1);
        QVERIFY(!model.index(model.rowOfLabel(QStringLiteral("A-5")))
                     .data(SeatMapModel::SelectedRole)
                     .toBool());

        // A seat freed again is not picked again by itself.
        model.applySeatChanges(7, {{105, SeatState::Free}});
        QCOMPARE(model.selectedLabels(), QStringList{"A-4"});
    }

    void rereadKeepsWhatMayStillBePicked()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        model.select(
            {model.rowOfLabel(QStringLiteral("A-1")), model.rowOfLabel(QStringLiteral("A-2"))});
        QSignalSpy dropped(&model, &SeatMapModel::selectionDropped);
        Api::SeatMap again = sampleMap();
        again.seats[1].state = SeatState::Sold; // A-2 was sold meanwhile
        model.setSeatMap(again);
        QCOMPARE(model.selectedLabels(), QStringList{"A-1"});
        QCOMPARE(labelsOf(dropped), QStringList{"A-2"});
        QCOMPARE(model.counts(), (Api::SeatCounts{6, 1, 2, 1}));

        // Another show's map starts with nothing picked.
        Api::SeatMap other = sampleMap();
        other.showId = 8;
        model.setSeatMap(other);
        QCOMPARE(model.selectedCount(), 0);
    }

    void ownAnswerSetsStatesByLabel()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        model.select({0, 1});
        QSignalSpy dropped(&model, &SeatMapModel::selectionDropped);
        model.setStates({QStringLiteral("A-1"), QStringLiteral("A-2")}, SeatState::Held);
        QCOMPARE(model.seatAt(0).state, SeatState::Held);
        QCOMPARE(model.selectedCount(), 0);
        QCOMPARE(dropped.count(), 0); // our own hold: nothing was "taken elsewhere"
        QCOMPARE(model.counts().held, 3);
    }

    void seatDescribesItselfAsStaffReadIt()
    {
        SeatMapModel model;
        model.setSeatMap(sampleMap());
        QCOMPARE(model.describe(0), QStringLiteral("A-1 · Stalls · standard · accessible"));
        QCOMPARE(model.describe(5), QStringLiteral("B-1 · Stalls · standard · restricted view"));
        QCOMPARE(model.describe(2), QStringLiteral("A-3 · Stalls · standard · sold"));
        QCOMPARE(model.index(4).data(Qt::ToolTipRole).toString(),
                 QStringLiteral("A-5 · Stalls · premium"));
        QCOMPARE(model.categories(), (QStringList{"standard", "premium"}));
        QCOMPARE(model.categoryIndex(4), 1);
    }
};

QTEST_GUILESS_MAIN(TestSeatMapModel)
#include "tst_seatmapmodel.moc"
