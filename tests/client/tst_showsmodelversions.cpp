// ShowsModel keeps each show's version: a live-push state applies only if it
// is newer than the one held, a GET /shows answer read before an event cannot
// undo it (nor drop a show created after it was read), a content change is
// announced once (the bookings dialog listens), and the counter's picker
// follows a pushed count at once.
#include "showpickermodel.h"
#include "showsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

namespace {
const QDateTime kStart = QDateTime(QDate(2026, 12, 24), QTime(19, 0), QTimeZone::utc());

Show makeShow(qint64 id, qint64 version, int held, int total = 100)
{
    Show show;
    show.id = id;
    show.name = QStringLiteral("Show %1").arg(id);
    show.startTime = kStart;
    show.totalSeats = total;
    show.heldSeats = held;
    show.reservedSeats = held;
    show.version = version;
    return show;
}

int heldOf(const ShowsModel &model, qint64 id)
{
    const auto show = model.showById(id);
    return show ? show->heldSeats : -1;
}
} // namespace

class TestShowsModelVersions : public QObject
{
    Q_OBJECT

private slots:
    void newerPushedStateApplies()
    {
        ShowsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setShows({makeShow(1, 10, 0)});
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(model.applyPushedShow(makeShow(1, 11, 2)));
        QCOMPARE(heldOf(model, 1), 2);
        QCOMPARE(model.showById(1)->version, 11);
        QCOMPARE(changes.count(), 1);
    }

    void olderOrSamePushedStateIsIgnored_data()
    {
        QTest::addColumn<qint64>("version");
        QTest::newRow("older") << qint64(19);
        QTest::newRow("same") << qint64(20);
    }

    void olderOrSamePushedStateIsIgnored()
    {
        QFETCH(qint64, version);
        ShowsModel model;
        model.setShows({makeShow(1, 20, 5)});
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        QVERIFY2(!model.applyPushedShow(makeShow(1, version, 1)),
                 "an event that is not newer than the row must not be taken");
        QCOMPARE(heldOf(model, 1), 5);
        QCOMPARE(changes.count(), 0);
    }

    void staleListDoesNotUndoAPushedState()
    {
        ShowsModel model;
        model.setShows({makeShow(1, 10, 0), makeShow(2, 12, 0)});
        QVERIFY(model.applyPushedShow(makeShow(1, 15, 4)));
        // GET /shows read before event 15, answered after it.
        model.setShows({makeShow(1, 10, 0), makeShow(2, 13, 1)});
        QCOMPARE(heldOf(model, 1), 4);
        QCOMPARE(model.showById(1)->version, 15);
        QCOMPARE(heldOf(model, 2), 1); // newer in the list: taken
        // A later list that has caught up replaces it as usual.
        model.setShows({makeShow(1, 16, 3), makeShow(2, 13, 1)});
        QCOMPARE(heldOf(model, 1), 3);
    }

    void showPushedAfterTheListWasReadIsNotDropped()
    {
        ShowsModel model;
        model.setShows({makeShow(1, 10, 0), makeShow(2, 11, 0)});
        QVERIFY(model.applyPushedShow(makeShow(3, 30, 0))); // created, announced
        // A list read before show 3 existed (its newest version is 12).
        model.setShows({makeShow(1, 10, 0), makeShow(2, 12, 0)});
        QVERIFY2(model.showById(3).has_value(), "a show newer than the list must stay");
        QCOMPARE(model.rowCount(), 3);
        // A show the list should have had (older than its newest) and lacks does go.
        model.setShows({makeShow(1, 10, 0), makeShow(3, 31, 0)});
        QVERIFY(!model.showById(2).has_value());
        QCOMPARE(model.rowCount(), 2);
    }

    void upsertOfAnOlderAnswerIsIgnored()
    {
        ShowsModel model;
        model.setShows({makeShow(1, 10, 0)});
        QVERIFY(model.applyPushedShow(makeShow(1, 14, 6)));
        model.upsertShow(makeShow(1, 12, 2)); // e.g. a PATCH answer overtaken by an event
        QCOMPARE(heldOf(model, 1), 6);
        model.upsertShow(makeShow(1, 14, 6));
        QCOMPARE(model.showById(1)->version, 14);
    }

    void showChangedOnlyWhenContentChanges()
    {
        ShowsModel model;
        model.setShows({makeShow(1, 10, 0), makeShow(2, 10, 0)});
        QSignalSpy changed(&model, &ShowsModel::showChanged);
        QVERIFY(model.applyPushedShow(makeShow(2, 11, 1)));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.first().at(0).value<Show>().id, 2);
        // Same content, newer version (e.g. a change that was undone): nothing to redraw.
        model.setShows({makeShow(1, 10, 0), makeShow(2, 12, 1)});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.showById(2)->version, 12);
    }

    void forgottenVersionsLetAnotherServersListIn()
    {
        ShowsModel model;
        model.setShows({makeShow(1, 500, 9)});
        model.forgetVersions();
        model.setShows({makeShow(1, 3, 1)}); // another database: its numbers start low
        QCOMPARE(heldOf(model, 1), 1);
    }

    void pickerFollowsAPushedCount()
    {
        ShowsModel model;
        ShowPickerModel picker;
        picker.setSourceModel(&model);
        model.setShows({makeShow(1, 10, 0, 100)});
        const QModelIndex name = picker.index(0, ShowsModel::NameColumn);
        QVERIFY2(name.data().toString().endsWith(QStringLiteral("100 left")),
                 qPrintable(name.data().toString()));
        QSignalSpy changes(&picker, &QAbstractItemModel::dataChanged);
        QVERIFY(model.applyPushedShow(makeShow(1, 11, 3, 100)));
        QCOMPARE(changes.count(), 1);
        QVERIFY2(name.data().toString().endsWith(QStringLiteral("97 left")),
                 qPrintable(name.data().toString()));
    }
};

QTEST_MAIN(TestShowsModelVersions)
#include "tst_showsmodelversions.moc"
