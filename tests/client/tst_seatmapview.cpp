// The seat map widget, offscreen, on a small plan (two rows of five): a click
// picks a free seat and not a sold one, the arrow keys move the seat cursor and
// Space toggles its seat, typing "3" and Enter asks for three best-available
// seats, Enter with seats picked asks to hold them, a rubber band picks only
// the free seats inside it, Space held with a drag pans instead of toggling,
// and the wheel and Ctrl+= / Ctrl+- zoom. A pushed change repaints that seat
// only, and hovering a seat names it.
#include "seatmapdecoder.h"
#include "seatmapmodel.h"
#include "seatmapsamples.h"
#include "seatmapview.h"

#include <QApplication>
#include <QGraphicsItem>
#include <QPaintEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QToolTip>
#include <QtTest>

#include <memory>

using Api::SeatState;

namespace {
struct Fixture
{
    std::unique_ptr<SeatMapModel> model = std::make_unique<SeatMapModel>();
    std::unique_ptr<SeatMapView> view = std::make_unique<SeatMapView>();
};

std::unique_ptr<Fixture> openMap()
{
    auto fixture = std::make_unique<Fixture>();
    const auto map = SeatMapDecoder::seatMap(sampleSeatMapJson());
    if (!map)
        return nullptr;
    fixture->model->setSeatMap(*map);
    fixture->view->setModel(fixture->model.get());
    fixture->view->resize(640, 400);
    fixture->view->show();
    if (!QTest::qWaitForWindowExposed(fixture->view.get()))
        return nullptr;
    fixture->view->setFocus();
    return fixture;
}

// Where the seat with `label` is on screen (viewport coordinates), found the way
// a person finds it: by looking at the scene, not through a getter of the view.
QPoint seatPoint(const Fixture &f, const QString &label)
{
    const qint64 id = f.model->seatAt(f.model->rowOfLabel(label)).id;
    for (QGraphicsItem *item : f.view->scene()->items()) {
        if (item->data(0).toLongLong() == id)
            return f.view->mapFromScene(item->sceneBoundingRect().center());
    }
    return {-1, -1};
}

// The areas of `widget` repainted, as paint events tell them.
class PaintRecorder : public QObject
{
public:
    explicit PaintRecorder(QWidget *widget) { widget->installEventFilter(this); }
    QRect painted;
    bool eventFilter(QObject *, QEvent *event) override
    {
        if (event->type() == QEvent::Paint)
            painted |= static_cast<QPaintEvent *>(event)->region().boundingRect();
        return false;
    }
};

QStringList picked(const Fixture &f)
{
    return f.model->selectedLabels();
}

QString cursorLabel(const Fixture &f)
{
    const int row = f.view->cursorRow();
    return row < 0 ? QStringLiteral("(none)") : f.model->seatAt(row).label;
}
} // namespace

class TestSeatMapView : public QObject
{
    Q_OBJECT

private slots:
    void clickPicksAFreeSeatButNotASoldOne()
    {
        const auto f = openMap();
        QVERIFY(f);
        QWidget *viewport = f->view->viewport();
        QTest::mouseClick(viewport, Qt::LeftButton, {}, seatPoint(*f, QStringLiteral("A-2")));
        QCOMPARE(picked(*f), QStringList{"A-2"});
        QTest::mouseClick(viewport, Qt::LeftButton, {}, seatPoint(*f, QStringLiteral("A-3")));
        QCOMPARE(picked(*f), QStringList{"A-2"}); // A-3 is sold
        QTest::mouseClick(viewport, Qt::LeftButton, {}, seatPoint(*f, QStringLiteral("B-2")));
        QCOMPARE(picked(*f), QStringList{"A-2"}); // B-2 is held
        QTest::mouseClick(viewport, Qt::LeftButton, {}, seatPoint(*f, QStringLiteral("A-5")));
        QCOMPARE(picked(*f), (QStringList{"A-2", "A-5"}));
        // A second click puts it back.
        QTest::mouseClick(viewport, Qt::LeftButton, {}, seatPoint(*f, QStringLiteral("A-2")));
        QCOMPARE(picked(*f), QStringList{"A-5"});
        // A click between the seats (below the plan) picks nothing.
        const QPoint below = seatPoint(*f, QStringLiteral("B-3")) +
                             QPoint(0, int(SeatMapView::kSeatUnit * f->view->transform().m11()));
        QTest::mouseClick(viewport, Qt::LeftButton, {}, below);
        QCOMPARE(picked(*f), QStringList{"A-5"});
    }

    void arrowKeysMoveTheCursorAndSpaceTogglesItsSeat()
    {
        const auto f = openMap();
        QVERIFY(f);
        QCOMPARE(cursorLabel(*f), QStringLiteral("A-1")); // front left
        QSignalSpy moved(f->view.get(), &SeatMapView::cursorMoved);
        QTest::keyClick(f->view.get(), Qt::Key_Right);
        QCOMPARE(cursorLabel(*f), QStringLiteral("A-2"));
        QTest::keyClick(f->view.get(), Qt::Key_Space);
        QCOMPARE(picked(*f), QStringList{"A-2"});
        QTest::keyClick(f->view.get(), Qt::Key_Right);
        QCOMPARE(cursorLabel(*f), QStringLiteral("A-3"));
        QTest::keyClick(f->view.get(), Qt::Key_Space);
        QCOMPARE(picked(*f), QStringList{"A-2"}); // sold: not picked
        QTest::keyClick(f->view.get(), Qt::Key_Down);
        QCOMPARE(cursorLabel(*f), QStringLiteral("B-3"));
        QTest::keyClick(f->view.get(), Qt::Key_Space);
        QCOMPARE(picked(*f), (QStringList{"A-2", "B-3"}));
        QTest::keyClick(f->view.get(), Qt::Key_Down); // nothing behind row B
        QCOMPARE(cursorLabel(*f), QStringLiteral("B-3"));
        QTest::keyClick(f->view.get(), Qt::Key_Left);
        QTest::keyClick(f->view.get(), Qt::Key_Up);
        QCOMPARE(cursorLabel(*f), QStringLiteral("A-2"));
        QTest::keyClick(f->view.get(), Qt::Key_Space);
        QCOMPARE(picked(*f), QStringList{"B-3"});
        QCOMPARE(moved.count(), 5);
    }

    void typingANumberAndEnterAsksForTheBestAvailable()
    {
        const auto f = openMap();
        QVERIFY(f);
        QSignalSpy best(f->view.get(), &SeatMapView::bestAvailableRequested);
        QSignalSpy hold(f->view.get(), &SeatMapView::holdSelectionRequested);
        QSignalSpy typed(f->view.get(), &SeatMapView::typedCountChanged);
        QTest::keyClick(f->view.get(), Qt::Key_1);
        QTest::keyClick(f->view.get(), Qt::Key_2);
        QCOMPARE(f->view->typedCount(), 12);
        QTest::keyClick(f->view.get(), Qt::Key_Backspace);
        QTest::keyClick(f->view.get(), Qt::Key_Backspace);
        QTest::keyClick(f->view.get(), Qt::Key_3);
        QTest::keyClick(f->view.get(), Qt::Key_Return);
        QCOMPARE(best.count(), 1);
        QCOMPARE(best.first().at(0).toInt(), 3);
        QCOMPARE(hold.count(), 0);
        QCOMPARE(f->view->typedCount(), 0);
        QCOMPARE(typed.last().at(0).toInt(), 0);
        // Enter with nothing typed and nothing picked asks for nothing.
        QTest::keyClick(f->view.get(), Qt::Key_Enter, Qt::KeypadModifier);
        QCOMPARE(best.count(), 1);
        QCOMPARE(hold.count(), 0);
    }

    void enterWithSeatsPickedAsksToHoldThem()
    {
        const auto f = openMap();
        QVERIFY(f);
        QSignalSpy best(f->view.get(), &SeatMapView::bestAvailableRequested);
        QSignalSpy hold(f->view.get(), &SeatMapView::holdSelectionRequested);
        QTest::keyClick(f->view.get(), Qt::Key_Space); // A-1, under the cursor
        QCOMPARE(picked(*f), QStringList{"A-1"});
        QTest::keyClick(f->view.get(), Qt::Key_Return);
        QCOMPARE(hold.count(), 1);
        QCOMPARE(best.count(), 0);
    }

    void rubberBandPicksOnlyTheFreeSeats()
    {
        const auto f = openMap();
        QVERIFY(f);
        f->model->toggleSelected(f->model->rowOfLabel(QStringLiteral("A-5")));
        const int seat = int(SeatMapView::kSeatUnit * f->view->transform().m11());
        // From above and left of A-2 to below and right of B-4: A-2..A-4 and B-2..B-4.
        const QPoint from = seatPoint(*f, QStringLiteral("A-2")) - QPoint(seat / 3, seat / 3);
        const QPoint to = seatPoint(*f, QStringLiteral("B-4")) + QPoint(seat / 3, seat / 3);
        QWidget *viewport = f->view->viewport();
        QTest::mousePress(viewport, Qt::LeftButton, {}, from);
        QTest::mouseMove(viewport, from + QPoint(seat / 2, seat / 2));
        QTest::mouseMove(viewport, to);
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
        // A-3 sold and B-2 held stay out; A-5, picked before, stays in.
        QCOMPARE(picked(*f), (QStringList{"A-2", "A-4", "A-5", "B-3", "B-4"}));
    }

    void spaceHeldWithADragPansInsteadOfToggling()
    {
        const auto f = openMap();
        QVERIFY(f);
        for (int step = 0; step < 6; ++step)
            QTest::keyClick(f->view.get(), Qt::Key_Equal, Qt::ControlModifier);
        QScrollBar *horizontal = f->view->horizontalScrollBar();
        QVERIFY2(horizontal->maximum() > 0, "zoomed in, the plan is wider than the view");
        const int before = horizontal->value();
        QWidget *viewport = f->view->viewport();
        const QPoint start = viewport->rect().center();
        QTest::keyPress(f->view.get(), Qt::Key_Space);
        QTest::mousePress(viewport, Qt::LeftButton, {}, start);
        QTest::mouseMove(viewport, start + QPoint(40, 0));
        QTest::mouseRelease(viewport, Qt::LeftButton, {}, start + QPoint(40, 0));
        QTest::keyRelease(f->view.get(), Qt::Key_Space);
        QVERIFY2(horizontal->value() != before,
                 qPrintable(QStringLiteral("the view did not pan (scroll %1)").arg(before)));
        QCOMPARE(picked(*f), QStringList());

        // The middle button pans too.
        const int panned = horizontal->value();
        QTest::mousePress(viewport, Qt::MiddleButton, {}, start);
        QTest::mouseMove(viewport, start - QPoint(30, 0));
        QTest::mouseRelease(viewport, Qt::MiddleButton, {}, start - QPoint(30, 0));
        QVERIFY(horizontal->value() != panned);
        QCOMPARE(picked(*f), QStringList());
    }

    void wheelAndKeysZoom()
    {
        const auto f = openMap();
        QVERIFY(f);
        const qreal fitted = f->view->transform().m11();
        QTest::keyClick(f->view.get(), Qt::Key_Equal, Qt::ControlModifier);
        const qreal zoomedIn = f->view->transform().m11();
        QVERIFY2(
            zoomedIn > fitted * 1.1,
            qPrintable(
                QStringLiteral("Ctrl+= left the scale at %1 (was %2)").arg(zoomedIn).arg(fitted)));
        QTest::keyClick(f->view.get(), Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(f->view->transform().m11(), fitted);

        const QPointF at = f->view->viewport()->rect().center();
        QWheelEvent wheel(at, f->view->viewport()->mapToGlobal(at), {}, QPoint(0, 240),
                          Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(f->view->viewport(), &wheel);
        QVERIFY2(f->view->transform().m11() > fitted * 1.4,
                 qPrintable(QStringLiteral("the wheel left the scale at %1 (was %2)")
                                .arg(f->view->transform().m11())
                                .arg(fitted)));
        QTest::keyClick(f->view.get(), Qt::Key_0, Qt::ControlModifier);
        QCOMPARE(f->view->transform().m11(), fitted);
    }

    void pushedChangeRepaintsItsSeat()
    {
        const auto f = openMap();
        QVERIFY(f);
        f->model->toggleSelected(f->model->rowOfLabel(QStringLiteral("A-4")));
        QCoreApplication::processEvents();
        PaintRecorder recorder(f->view->viewport());
        f->model->applySeatChanges(7, {{104, SeatState::Held}});
        QTRY_VERIFY(!recorder.painted.isEmpty());
        // One seat (and its cursor margin) repainted, not the map.
        const int seat = int(SeatMapView::kSeatUnit * f->view->transform().m11());
        QVERIFY2(recorder.painted.width() <= seat * 2 && recorder.painted.height() <= seat * 2,
                 qPrintable(QStringLiteral("repainted %1x%2 for a seat of %3 px")
                                .arg(recorder.painted.width())
                                .arg(recorder.painted.height())
                                .arg(seat)));
        QVERIFY(recorder.painted.contains(seatPoint(*f, QStringLiteral("A-4"))));
        // What a person sees: A-4 is amber now, and no longer picked.
        const QImage shot = f->view->viewport()->grab().toImage();
        const QColor seen = shot.pixelColor(seatPoint(*f, QStringLiteral("A-4")));
        QCOMPARE(seen.name(), SeatMapView::stateColor(SeatState::Held).name());
        QCOMPARE(picked(*f), QStringList());
        const QColor free = shot.pixelColor(seatPoint(*f, QStringLiteral("B-4")) + QPoint(4, 4));
        QCOMPARE(free.name(), SeatMapView::categoryColor(0).name());
    }

    void hoveringASeatNamesIt()
    {
        const auto f = openMap();
        QVERIFY(f);
        const QPoint at = seatPoint(*f, QStringLiteral("A-1"));
        QHelpEvent help(QEvent::ToolTip, at, f->view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(f->view->viewport(), &help);
        QTRY_COMPARE(QToolTip::text(), QStringLiteral("A-1 · Stalls · standard · accessible"));
    }
};

QTEST_MAIN(TestSeatMapView)
#include "tst_seatmapview.moc"
