// The admin's seating-plan editor, offscreen and without a server: the body
// it builds for generated sections is the documented generator form
// (docs/seating.md), marking seats puts their labels in "accessible" (and
// marking them again takes them out), a moved seat turns its section explicit
// with the new x/y, a row renamed moves the section's first_row, and an empty
// plan name is refused before anything is sent.
#include "apiclient.h"
#include "inlinemessage.h"
#include "planeditordialog.h"
#include "planeditormodel.h"
#include "planpreviewview.h"

#include <QGraphicsItem>
#include <QGraphicsScene>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

#include <memory>

namespace {

QJsonObject parse(const char *json)
{
    return QJsonDocument::fromJson(json).object();
}

QString compact(const QJsonObject &object)
{
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QGraphicsItem *seatItem(PlanPreviewView *view, const QString &label)
{
    for (QGraphicsItem *item : view->scene()->items())
        if (item->toolTip() == label)
            return item;
    return nullptr;
}

QList<QPair<int, qint64>> seat(int section, int rowIndex, int number)
{
    return {{section, PlanEditorModel::seatKey(rowIndex, number)}};
}

} // namespace

class TestPlanEditor : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<ApiClient> m_api;
    std::unique_ptr<PlanEditorDialog> openDialog()
    {
        m_api = std::make_unique<ApiClient>();
        m_api->setBaseUrl(QUrl(QStringLiteral("http://127.0.0.1:1"))); // nothing listens
        m_api->setToken("test-token");
        auto dialog = std::make_unique<PlanEditorDialog>(m_api.get());
        dialog->show();
        // The stored plans are asked for at once; wait for that refusal to settle.
        if (!QTest::qWaitFor([this] { return m_api->pendingRequests() == 0; }, 5000))
            qWarning("the plan list request never ended");
        return dialog;
    }

private slots:
    void generatedSectionsMatchTheDocumentedForm()
    {
        PlanEditorModel model;
        model.addSection();
        model.addSection();
        const auto set = [&model](int row, int column, const QVariant &value) {
            const Qt::ItemDataRole role =
                column == PlanEditorModel::CurvedColumn ? Qt::CheckStateRole : Qt::EditRole;
            QVERIFY2(model.setData(model.index(row, column), value, role),
                     qPrintable(
                         QStringLiteral("column %1 refused %2").arg(column).arg(value.toString())));
        };
        set(0, PlanEditorModel::NameColumn, QStringLiteral("Stalls"));
        set(0, PlanEditorModel::RowsColumn, 8);
        set(0, PlanEditorModel::SeatsPerRowColumn, 14);
        set(0, PlanEditorModel::CurvedColumn, Qt::Checked);
        set(1, PlanEditorModel::NameColumn, QStringLiteral("Balcony"));
        set(1, PlanEditorModel::CategoryColumn, QStringLiteral("premium"));
        set(1, PlanEditorModel::RankColumn, 1);
        set(1, PlanEditorModel::RowsColumn, 2);
        set(1, PlanEditorModel::SeatsPerRowColumn, 4);
        set(1, PlanEditorModel::FirstRowColumn, QStringLiteral("ba"));
        model.setMark(seat(0, 0, 1) + seat(0, 0, 2), PlanEditorModel::Mark::Accessible, true);
        model.setMark(seat(0, 0, 7) + seat(0, 0, 8), PlanEditorModel::Mark::Aisle, true);
        model.setMark(seat(1, 1, 3), PlanEditorModel::Mark::RestrictedView, true);

        const QJsonObject expected = parse(R"({"name": "Little Theatre", "sections": [
            {"name": "Stalls", "category": "standard", "rows": 8, "seats_per_row": 14,
             "curved": true, "accessible": ["A-1", "A-2"], "aisle": ["A-7", "A-8"]},
            {"name": "Balcony", "category": "premium", "rank": 1, "rows": 2, "seats_per_row": 4,
             "first_row": "BA", "restricted_view": ["BB-3"]}]})");
        const QJsonObject built = model.toJson(QStringLiteral("  Little Theatre "));
        QVERIFY2(
            built == expected,
            qPrintable(
                QStringLiteral("expected %1\n  built %2").arg(compact(expected), compact(built))));
        QCOMPARE(model.seatCount(), 8 * 14 + 2 * 4);
        QCOMPARE(model.validate(QStringLiteral("Little Theatre")), QString());
    }

    void previewPlacesSeatsAsTheServerDoes()
    {
        PlanEditorModel model;
        model.addSection();
        model.setData(model.index(0, PlanEditorModel::RowsColumn), 2);
        model.setData(model.index(0, PlanEditorModel::SeatsPerRowColumn), 4);
        model.addSection();
        const QList<PlanEditorModel::Seat> seats = model.seats();
        QCOMPARE(seats.size(), 2 * 4 + 5 * 10);
        QCOMPARE(seats.first().label, QStringLiteral("A-1"));
        QCOMPARE(seats.first().x, -1.5); // centred on x = 0
        QCOMPARE(seats.at(7).y, 1.0);
        // The second section starts two rows behind the first one's last row,
        // lettered after it.
        QCOMPARE(seats.at(8).label, QStringLiteral("C-1"));
        QCOMPARE(seats.at(8).y, 3.0);
    }

    void clickedSeatsMarkedAccessibleAreListedAsAccessible()
    {
        auto dialog = openDialog();
        PlanPreviewView *preview = dialog->preview();
        QGraphicsItem *a3 = seatItem(preview, QStringLiteral("A-3"));
        QVERIFY2(a3, "no seat A-3 drawn in the preview");
        const QPoint at = preview->mapFromScene(a3->sceneBoundingRect().center());
        QTest::mouseClick(preview->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(preview->selectedSeats(), seat(0, 0, 3));

        dialog->toggleMarkOnSelection(int(PlanEditorModel::Mark::Accessible));
        QJsonObject section = dialog->model()
                                  ->toJson(QStringLiteral("P"))
                                  .value(QLatin1String("sections"))
                                  .toArray()
                                  .at(0)
                                  .toObject();
        QCOMPARE(section.value(QLatin1String("accessible")).toArray(),
                 QJsonArray{QStringLiteral("A-3")});
        QCOMPARE(preview->selectedSeats(), seat(0, 0, 3)); // kept across the redraw

        // All of the selection has the mark: the same button takes it off.
        dialog->toggleMarkOnSelection(int(PlanEditorModel::Mark::Accessible));
        section = dialog->model()
                      ->toJson(QStringLiteral("P"))
                      .value(QLatin1String("sections"))
                      .toArray()
                      .at(0)
                      .toObject();
        QVERIFY2(!section.contains(QLatin1String("accessible")), qPrintable(compact(section)));
    }

    void movedSeatTurnsItsSectionExplicitWithTheNewPlace()
    {
        auto dialog = openDialog();
        PlanPreviewView *preview = dialog->preview();
        preview->selectSeats(seat(0, 1, 2)); // B-2 of the 5 x 10 Stalls
        QGraphicsItem *b2 = seatItem(preview, QStringLiteral("B-2"));
        QVERIFY(b2);
        b2->setPos(1 * PlanPreviewView::kSeatUnit, 0.5 * PlanPreviewView::kSeatUnit);
        preview->commitMoves();
        QVERIFY(dialog->model()->isExplicit(0));

        const QJsonObject section = dialog->model()
                                        ->toJson(QStringLiteral("P"))
                                        .value(QLatin1String("sections"))
                                        .toArray()
                                        .at(0)
                                        .toObject();
        QVERIFY2(!section.contains(QLatin1String("seats_per_row")), qPrintable(compact(section)));
        const QJsonArray rows = section.value(QLatin1String("rows")).toArray();
        QCOMPARE(rows.size(), 5);
        const QJsonObject rowB = rows.at(1).toObject();
        QCOMPARE(rowB.value(QLatin1String("label")).toString(), QStringLiteral("B"));
        const QJsonArray seatsB = rowB.value(QLatin1String("seats")).toArray();
        QCOMPARE(seatsB.size(), 10);
        // Seat 2 of ten is 3.5 seats left of the centre, row B at y = 1.
        const QJsonObject moved = seatsB.at(1).toObject();
        QCOMPARE(moved.value(QLatin1String("number")).toInt(), 2);
        QCOMPARE(moved.value(QLatin1String("x")).toDouble(), -3.5 + 1);
        QCOMPARE(moved.value(QLatin1String("y")).toDouble(), 1 + 0.5);
        const QJsonObject neighbour = seatsB.at(2).toObject();
        QCOMPARE(neighbour.value(QLatin1String("x")).toDouble(), -2.5);
        QCOMPARE(neighbour.value(QLatin1String("y")).toDouble(), 1.0);
        QCOMPARE(preview->seatItemCount(), 50);
    }

    void renamedRowMovesTheFirstRow()
    {
        auto dialog = openDialog();
        dialog->preview()->selectSeats(seat(0, 2, 1)); // C-1
        QVERIFY(dialog->renameSelectedRow(QStringLiteral("m")));
        const QJsonObject section = dialog->model()
                                        ->toJson(QStringLiteral("P"))
                                        .value(QLatin1String("sections"))
                                        .toArray()
                                        .at(0)
                                        .toObject();
        QCOMPARE(section.value(QLatin1String("first_row")).toString(), QStringLiteral("K"));
        QVERIFY(seatItem(dialog->preview(), QStringLiteral("M-1")));
        // Row C cannot become A: the two rows in front of it would need letters before A.
        dialog->preview()->selectSeats(seat(0, 2, 1));
        QVERIFY(!dialog->renameSelectedRow(QStringLiteral("A")));
        QCOMPARE(dialog->message()->kind(), InlineMessage::Kind::Warning);
    }

    void emptyNameIsRefusedBeforeSending()
    {
        auto dialog = openDialog();
        QVERIFY(dialog->nameEdit()->text().isEmpty());
        dialog->createButton()->click();
        QCOMPARE(m_api->pendingRequests(), 0);
        QCOMPARE(dialog->message()->kind(), InlineMessage::Kind::Warning);
        QVERIFY2(dialog->message()->text().contains(QLatin1String("name")),
                 qPrintable(dialog->message()->text()));

        dialog->nameEdit()->setText(QStringLiteral("Studio"));
        dialog->createButton()->click();
        QCOMPARE(m_api->pendingRequests(), 1); // now it goes
    }
};

QTEST_MAIN(TestPlanEditor)
#include "tst_planeditor.moc"
