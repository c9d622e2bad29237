// ShowsModel merges each refresh in place (selections survive, only changed
// rows signal) and the filter proxy sorts by value and filters by name, day
// and status.
#include "showfilterproxymodel.h"
#include "showsmodel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

namespace {
Show makeShow(qint64 id, const QString &name, const QDateTime &start, int total, int held = 0,
              int sold = 0, Show::Status status = Show::Status::Scheduled)
{
    Show show;
    show.id = id;
    show.name = name;
    show.startTime = start;
    show.totalSeats = total;
    show.heldSeats = held;
    show.soldSeats = sold;
    show.reservedSeats = held + sold;
    show.status = status;
    return show;
}

const QDateTime kMonday = QDateTime(QDate(2026, 3, 2), QTime(19, 30));
} // namespace

class TestShowsModelMerging : public QObject
{
    Q_OBJECT

private slots:
    void refreshKeepsRowsAndSignalsOnlyChanges()
    {
        ShowsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setShows({makeShow(1, QStringLiteral("Hamlet"), kMonday, 100),
                        makeShow(2, QStringLiteral("Carmen"), kMonday.addDays(1), 50)});
        const QPersistentModelIndex carmen = model.index(1, 0);

        QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changes(&model, &QAbstractItemModel::dataChanged);
        model.setShows({makeShow(1, QStringLiteral("Hamlet"), kMonday, 100),
                        makeShow(2, QStringLiteral("Carmen"), kMonday.addDays(1), 50, 3, 1)});

        QCOMPARE(resets.count(), 0);
        QCOMPARE(changes.count(), 1);
        QCOMPARE(changes.first().at(0).toModelIndex().row(), 1);
        QVERIFY(carmen.isValid());
        QCOMPARE(carmen.row(), 1);
        QCOMPARE(model.index(1, ShowsModel::AvailableColumn).data().toInt(), 46);
        QCOMPARE(model.index(1, ShowsModel::HeldColumn).data().toInt(), 3);
        QCOMPARE(model.index(1, ShowsModel::SoldColumn).data().toInt(), 1);
    }

    void refreshAddsAndRemovesShows()
    {
        ShowsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setShows({makeShow(1, QStringLiteral("Hamlet"), kMonday, 100),
                        makeShow(2, QStringLiteral("Carmen"), kMonday, 50),
                        makeShow(3, QStringLiteral("Tosca"), kMonday, 70)});
        const QPersistentModelIndex tosca = model.index(2, 0);
        model.setShows({makeShow(3, QStringLiteral("Tosca"), kMonday, 70),
                        makeShow(4, QStringLiteral("Aida"), kMonday, 10)});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(tosca.data().toString(), QStringLiteral("Tosca"));
        QVERIFY(model.showById(4).has_value());
        QVERIFY(!model.showById(1).has_value());
    }

    void sortsNumbersAndDatesAsValues()
    {
        ShowsModel model;
        model.setShows({makeShow(1, QStringLiteral("A"), kMonday.addDays(10), 9),
                        makeShow(2, QStringLiteral("B"), kMonday, 100),
                        makeShow(3, QStringLiteral("C"), kMonday.addDays(2), 20)});
        ShowFilterProxyModel proxy;
        proxy.setSourceModel(&model);

        proxy.sort(ShowsModel::CapacityColumn, Qt::AscendingOrder);
        QStringList order;
        for (int row = 0; row < proxy.rowCount(); ++row)
            order << proxy.index(row, ShowsModel::NameColumn).data().toString();
        QCOMPARE(order, (QStringList{"A", "C", "B"}));

        proxy.sort(ShowsModel::StartColumn, Qt::AscendingOrder);
        order.clear();
        for (int row = 0; row < proxy.rowCount(); ++row)
            order << proxy.index(row, ShowsModel::NameColumn).data().toString();
        QCOMPARE(order, (QStringList{"B", "C", "A"}));
    }

    void filtersByNameDayAndStatus()
    {
        ShowsModel model;
        model.setShows(
            {makeShow(1, QStringLiteral("Hamlet"), kMonday, 100),
             makeShow(2, QStringLiteral("Hamlet (matinee)"), kMonday.addDays(1), 100),
             makeShow(3, QStringLiteral("Carmen"), kMonday, 50, 0, 0, Show::Status::Cancelled)});
        ShowFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QCOMPARE(proxy.rowCount(), 3);

        proxy.setNameFilter(QStringLiteral("hAMLET"));
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setDateFilter(kMonday.date());
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setNameFilter(QString());
        QCOMPARE(proxy.rowCount(), 2);
        proxy.setHideCancelled(true);
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setDateFilter(std::nullopt);
        QCOMPARE(proxy.rowCount(), 2);
    }

    void availabilityColumnReportsSoldOutAndCancelled()
    {
        ShowsModel model;
        model.setShows(
            {makeShow(1, QStringLiteral("Full"), kMonday, 10, 4, 6),
             makeShow(2, QStringLiteral("Off"), kMonday, 10, 0, 0, Show::Status::Cancelled)});
        QCOMPARE(model.index(0, ShowsModel::AvailabilityColumn).data().toString(),
                 QStringLiteral("Sold out"));
        QCOMPARE(model.index(1, ShowsModel::AvailabilityColumn).data().toString(),
                 QStringLiteral("Cancelled"));
        QCOMPARE(model.index(0, 0).data(ShowsModel::AvailableSeatsRole).toInt(), 0);
    }
};

QTEST_MAIN(TestShowsModelMerging)
#include "tst_showsmodelmerging.moc"
