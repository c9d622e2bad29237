#include "planpreviewview.h"

#include "planeditormodel.h"
#include "seatmapscene.h"

#include <QGraphicsRectItem>
#include <QHash>
#include <QMouseEvent>
#include <QSet>

#include <cmath>

namespace {

enum ItemData
{
    SectionData = 0,
    KeyData = 1,
};

constexpr qreal kSeatSize = PlanPreviewView::kSeatUnit * 0.8;

bool isSeat(const QGraphicsItem *item)
{
    return item->data(KeyData).isValid();
}

// Half a seat: tidy coordinates, and a short request body.
double snapped(qreal sceneDistance)
{
    return std::round(sceneDistance / PlanPreviewView::kSeatUnit * 2) / 2;
}

} // namespace

PlanPreviewView::PlanPreviewView(QWidget *parent)
    : QGraphicsView(parent), m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setDragMode(QGraphicsView::RubberBandDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 220);
    connect(m_scene, &QGraphicsScene::selectionChanged, this,
            [this] { emit selectionChanged(int(selectedSeats().size())); });
}

PlanPreviewView::~PlanPreviewView()
{
    // The scene, a child, is deleted after this object: its items' removal
    // would otherwise report a selection change of a view that is gone.
    disconnect(m_scene, nullptr, this, nullptr);
}

void PlanPreviewView::setModel(PlanEditorModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (model)
        connect(model, &PlanEditorModel::seatsChanged, this, &PlanPreviewView::rebuild);
    rebuild();
}

QList<QPair<int, qint64>> PlanPreviewView::selectedSeats() const
{
    QList<QPair<int, qint64>> seats;
    for (const QGraphicsItem *item : m_scene->selectedItems())
        if (isSeat(item))
            seats.append({item->data(SectionData).toInt(), item->data(KeyData).toLongLong()});
    std::sort(seats.begin(), seats.end());
    return seats;
}

void PlanPreviewView::selectSeats(const QList<QPair<int, qint64>> &seats)
{
    const QSet<QPair<int, qint64>> wanted(seats.cbegin(), seats.cend());
    const QSignalBlocker blocker(m_scene);
    m_scene->clearSelection();
    for (QGraphicsItem *item : m_scene->items())
        if (isSeat(item))
            item->setSelected(wanted.contains(
                {item->data(SectionData).toInt(), item->data(KeyData).toLongLong()}));
    emit selectionChanged(int(selectedSeats().size()));
}

int PlanPreviewView::seatItemCount() const
{
    int count = 0;
    for (const QGraphicsItem *item : m_scene->items())
        count += isSeat(item) ? 1 : 0;
    return count;
}

void PlanPreviewView::commitMoves()
{
    if (!m_model)
        return;
    // Items are drawn at their place with pos() (0, 0); a drag changes pos().
    QHash<QPair<double, double>, QList<QPair<int, qint64>>> byDelta;
    for (const QGraphicsItem *item : m_scene->items()) {
        if (!isSeat(item) || item->pos().isNull())
            continue;
        const QPair<double, double> delta{snapped(item->pos().x()), snapped(item->pos().y())};
        if (delta.first == 0 && delta.second == 0)
            continue;
        byDelta[delta].append({item->data(SectionData).toInt(), item->data(KeyData).toLongLong()});
    }
    if (byDelta.isEmpty()) {
        for (QGraphicsItem *item : m_scene->items())
            item->setPos(0, 0); // a drag of less than half a seat goes back
        return;
    }
    // Each call redraws; the last leaves every moved seat in its new place.
    for (auto it = byDelta.cbegin(); it != byDelta.cend(); ++it)
        m_model->moveSeats(it.value(), QPointF(it.key().first, it.key().second));
}

void PlanPreviewView::mouseReleaseEvent(QMouseEvent *event)
{
    QGraphicsView::mouseReleaseEvent(event);
    if (event->button() == Qt::LeftButton)
        commitMoves();
}

void PlanPreviewView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    fitInView(m_scene->itemsBoundingRect().adjusted(-10, -10, 10, 10), Qt::KeepAspectRatio);
}

void PlanPreviewView::rebuild()
{
    const QList<QPair<int, qint64>> selected = selectedSeats();
    m_scene->clear();
    if (!m_model)
        return;
    const QList<PlanEditorModel::Seat> seats = m_model->seats();
    QHash<QString, int> categories;
    for (int section = 0; section < m_model->rowCount(); ++section) {
        const QString category =
            m_model->index(section, PlanEditorModel::CategoryColumn).data().toString();
        if (!categories.contains(category))
            categories.insert(category, int(categories.size()));
    }
    QList<QBrush> sectionBrush;
    for (int section = 0; section < m_model->rowCount(); ++section)
        sectionBrush.append(SeatMapScene::categoryColor(categories.value(
            m_model->index(section, PlanEditorModel::CategoryColumn).data().toString())));
    const QBrush accessible(QColor(0x1e, 0x64, 0xc8));
    const QPen plain(Qt::darkGray, 1);
    QPen dashed(Qt::black, 1.5, Qt::DashLine);
    const QPen aisle(Qt::black, 3);
    qreal minY = 0;
    for (const PlanEditorModel::Seat &seat : seats) {
        const QRectF rect(seat.x * kSeatUnit - kSeatSize / 2, seat.y * kSeatUnit - kSeatSize / 2,
                          kSeatSize, kSeatSize);
        auto *item = m_scene->addRect(rect,
                                      seat.aisle            ? aisle
                                      : seat.restrictedView ? dashed
                                                            : plain,
                                      seat.accessible ? accessible : sectionBrush.at(seat.section));
        item->setFlags(QGraphicsItem::ItemIsSelectable | QGraphicsItem::ItemIsMovable);
        item->setData(SectionData, seat.section);
        item->setData(KeyData, PlanEditorModel::seatKey(seat.rowIndex, seat.number));
        item->setToolTip(seat.label);
        if (seat.moved)
            m_scene
                ->addEllipse(QRectF(rect.center() - QPointF(2, 2), QSizeF(4, 4)), Qt::NoPen,
                             QBrush(Qt::black))
                ->setParentItem(item);
        minY = std::min(minY, rect.top());
    }
    if (!seats.isEmpty()) {
        // The stage, in front of the first row.
        const QRectF bounds = m_scene->itemsBoundingRect();
        auto *stage = m_scene->addRect(
            QRectF(bounds.left(), minY - 2.5 * kSeatUnit, bounds.width(), kSeatUnit), Qt::NoPen,
            QBrush(Qt::lightGray));
        stage->setZValue(-1);
        m_scene->addSimpleText(tr("Stage"))
            ->setPos(bounds.center().x() - 15, minY - 2.4 * kSeatUnit);
    }
    m_scene->setSceneRect(m_scene->itemsBoundingRect().adjusted(-10, -10, 10, 10));
    fitInView(m_scene->sceneRect(), Qt::KeepAspectRatio);
    selectSeats(selected);
}
