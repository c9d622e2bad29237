#include "seatmapview.h"

#include "seatmapmodel.h"
#include "seatmapscene.h"

#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

// Zooming and panning: the part of SeatMapView that maps the plan onto the
// viewport (the input handling is in seatmapview.cpp).

namespace {
constexpr qreal kMaxScale = 6.0;    // seats of 120 px: closer helps nobody
constexpr qreal kMaxFitScale = 2.0; // a small plan is not blown up past 40 px seats
constexpr qreal kZoomStep = 1.25;
} // namespace

qreal SeatMapView::fitScale() const
{
    const QRectF rect = m_scene->sceneRect();
    const QSize size = viewport()->size();
    if (rect.isEmpty() || size.isEmpty())
        return 1.0;
    return std::min(size.width() / rect.width(), size.height() / rect.height());
}

void SeatMapView::fitToPlan()
{
    const qreal scale = std::min(fitScale(), kMaxFitScale);
    setTransform(QTransform::fromScale(scale, scale));
    centerOn(m_scene->sceneRect().center());
    m_fitPending = viewport()->size().isEmpty();
    m_userZoomed = false;
}

void SeatMapView::zoomBy(qreal factor, const QPointF &anchor)
{
    const qreal current = transform().m11();
    // Never smaller than half of what shows the whole plan, never past 120 px seats.
    const qreal minimum = std::min(fitScale(), kMaxFitScale) * 0.5;
    const qreal target = std::clamp(current * factor, minimum, kMaxScale);
    if (qFuzzyCompare(target, current))
        return;
    const QPointF sceneAnchor = mapToScene(anchor.toPoint());
    setTransform(QTransform::fromScale(target, target));
    // Keep the point under the anchor where it was on screen.
    const QPointF moved = mapFromScene(sceneAnchor) - anchor;
    scrollBy(moved.toPoint());
    m_userZoomed = true;
    m_fitPending = false;
}

void SeatMapView::zoomIn()
{
    zoomBy(kZoomStep, viewport()->rect().center());
}

void SeatMapView::zoomOut()
{
    zoomBy(1 / kZoomStep, viewport()->rect().center());
}

void SeatMapView::scrollBy(const QPoint &delta)
{
    horizontalScrollBar()->setValue(horizontalScrollBar()->value() + delta.x());
    verticalScrollBar()->setValue(verticalScrollBar()->value() + delta.y());
}

void SeatMapView::wheelEvent(QWheelEvent *event)
{
    const int steps = event->angleDelta().y();
    if (steps == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    zoomBy(std::pow(kZoomStep, steps / 120.0), event->position());
    event->accept();
}

void SeatMapView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    if (!m_userZoomed)
        fitToPlan();
}

void SeatMapView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (m_fitPending)
        fitToPlan();
}
