#include "seatmapview.h"

#include "seatmapmodel.h"

#include <QApplication>
#include <QHelpEvent>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QRubberBand>
#include <QScrollBar>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {
constexpr int kMaxTypedDigits = 4;
} // namespace

SeatMapView::SeatMapView(QWidget *parent) : QGraphicsView(parent), m_scene(new SeatMapScene(this))
{
    setObjectName(QStringLiteral("seatMapView"));
    setScene(m_scene);
    // The view handles every mouse event itself; the scene need not track hovers.
    setInteractive(false);
    setDragMode(QGraphicsView::NoDrag);
    setFocusPolicy(Qt::StrongFocus);
    setRenderHint(QPainter::Antialiasing, false);
    setRenderHint(QPainter::TextAntialiasing, true);
    // Each item sets its pen, brush and font itself.
    setOptimizationFlags(QGraphicsView::DontSavePainterState |
                         QGraphicsView::DontAdjustForAntialiasing);
    setViewportUpdateMode(QGraphicsView::SmartViewportUpdate);
    setTransformationAnchor(QGraphicsView::NoAnchor);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(QColor(0xf4, 0xf4, 0xf2));
    setMinimumSize(320, 200);
}

SeatMapView::~SeatMapView() = default;

void SeatMapView::setModel(SeatMapModel *model)
{
    if (m_model)
        disconnect(m_model, nullptr, this, nullptr);
    m_model = model;
    if (m_model) {
        connect(m_model, &QAbstractItemModel::modelReset, this, &SeatMapView::rebuild);
        connect(m_model, &QAbstractItemModel::dataChanged, this, &SeatMapView::updateRows);
    }
    rebuild();
}

void SeatMapView::rebuild()
{
    m_cursorRow = -1;
    m_scene->build(m_model);
    if (!m_model || m_model->rowCount() == 0)
        return;
    // The cursor stays on its seat across a re-read; else it starts at the front left.
    const int cursor = m_cursorSeatId ? m_model->rowOfSeat(m_cursorSeatId) : -1;
    setCursorRow(cursor >= 0 ? cursor : m_scene->frontRow());
    if (!m_userZoomed)
        m_fitPending = true;
    if (isVisible() && m_fitPending)
        fitToPlan();
}

void SeatMapView::updateRows(const QModelIndex &topLeft, const QModelIndex &bottomRight)
{
    if (!m_model || m_scene->seatCount() != m_model->rowCount())
        return;
    for (int row = topLeft.row(); row <= bottomRight.row(); ++row)
        m_scene->syncRow(row);
}

void SeatMapView::setCursorRow(int row)
{
    if (row >= m_scene->seatCount())
        row = -1;
    if (row == m_cursorRow)
        return;
    m_cursorRow = row;
    m_cursorSeatId = row >= 0 ? m_model->seatAt(row).id : 0;
    m_scene->setCursorRow(row);
    if (row >= 0 && hasFocus())
        ensureVisible(m_scene->seatRect(row), 30, 30);
    emit cursorMoved(row);
}

int SeatMapView::rowAt(const QPoint &viewportPos) const
{
    for (QGraphicsItem *item : items(viewportPos)) {
        if (const int row = SeatMapScene::rowOf(item); row >= 0)
            return row;
    }
    return -1;
}

void SeatMapView::moveCursor(int dx, int dy)
{
    if (!m_model || m_scene->seatCount() == 0)
        return;
    if (m_cursorRow < 0) {
        setCursorRow(0);
        return;
    }
    // The nearest seat in that direction, preferring the same row (or column):
    // a step across costs three steps along, so curved rows still read straight.
    const Api::Seat &from = m_model->seatAt(m_cursorRow);
    int best = -1;
    qreal bestScore = std::numeric_limits<qreal>::max();
    for (int row = 0; row < m_scene->seatCount(); ++row) {
        const Api::Seat &seat = m_model->seatAt(row);
        const qreal along = dx != 0 ? (seat.x - from.x) * dx : (seat.y - from.y) * dy;
        const qreal across = dx != 0 ? std::abs(seat.y - from.y) : std::abs(seat.x - from.x);
        if (along < 0.01)
            continue;
        const qreal score = along + 3 * across;
        if (score < bestScore) {
            bestScore = score;
            best = row;
        }
    }
    if (best >= 0)
        setCursorRow(best);
}

void SeatMapView::toggleRow(int row)
{
    if (!m_model || row < 0)
        return;
    if (!m_model->toggleSelected(row))
        QApplication::beep(); // sold, held or blocked: not to be picked
}

void SeatMapView::setTyped(const QString &typed)
{
    if (typed == m_typed)
        return;
    m_typed = typed;
    emit typedCountChanged(m_typed.toInt());
}

void SeatMapView::keyPressEvent(QKeyEvent *event)
{
    const Qt::KeyboardModifiers modifiers =
        event->modifiers() & ~(Qt::KeypadModifier | Qt::ShiftModifier);
    const int key = event->key();
    if (event->matches(QKeySequence::ZoomIn) ||
        (modifiers == Qt::ControlModifier && (key == Qt::Key_Equal || key == Qt::Key_Plus))) {
        zoomIn();
        return;
    }
    if (event->matches(QKeySequence::ZoomOut) ||
        (modifiers == Qt::ControlModifier && key == Qt::Key_Minus)) {
        zoomOut();
        return;
    }
    if (modifiers == Qt::ControlModifier && key == Qt::Key_0) {
        fitToPlan();
        return;
    }
    if (modifiers != Qt::NoModifier) {
        QGraphicsView::keyPressEvent(event);
        return;
    }
    switch (key) {
    case Qt::Key_0:
    case Qt::Key_1:
    case Qt::Key_2:
    case Qt::Key_3:
    case Qt::Key_4:
    case Qt::Key_5:
    case Qt::Key_6:
    case Qt::Key_7:
    case Qt::Key_8:
    case Qt::Key_9:
        if (m_typed.size() < kMaxTypedDigits && !(m_typed.isEmpty() && key == Qt::Key_0))
            setTyped(m_typed + QChar(u'0' + (key - Qt::Key_0)));
        return;
    case Qt::Key_Backspace:
        setTyped(m_typed.chopped(m_typed.isEmpty() ? 0 : 1));
        return;
    case Qt::Key_Escape:
        if (m_typed.isEmpty()) {
            event->ignore(); // the dialog's: close
            return;
        }
        setTyped({});
        return;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!m_typed.isEmpty()) {
            const int count = m_typed.toInt();
            setTyped({});
            emit bestAvailableRequested(count);
        } else if (m_model && m_model->selectedCount() > 0) {
            emit holdSelectionRequested();
        }
        return; // never the dialog's default button
    case Qt::Key_Left:
        moveCursor(-1, 0);
        return;
    case Qt::Key_Right:
        moveCursor(1, 0);
        return;
    case Qt::Key_Up:
        moveCursor(0, -1);
        return;
    case Qt::Key_Down:
        moveCursor(0, 1);
        return;
    case Qt::Key_Space:
        // Toggles on release, unless Space was held to pan meanwhile.
        if (!event->isAutoRepeat()) {
            m_spaceHeld = true;
            m_spaceDragged = false;
            viewport()->setCursor(Qt::OpenHandCursor);
        }
        return;
    default:
        QGraphicsView::keyPressEvent(event);
    }
}

void SeatMapView::keyReleaseEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Space && !event->isAutoRepeat() && m_spaceHeld) {
        m_spaceHeld = false;
        if (!m_panning)
            viewport()->unsetCursor();
        if (!m_spaceDragged)
            toggleRow(m_cursorRow);
        return;
    }
    QGraphicsView::keyReleaseEvent(event);
}

void SeatMapView::mousePressEvent(QMouseEvent *event)
{
    setFocus(Qt::MouseFocusReason);
    const bool panButton =
        event->button() == Qt::MiddleButton || (event->button() == Qt::LeftButton && m_spaceHeld);
    if (panButton) {
        m_panning = true;
        m_spaceDragged = m_spaceHeld;
        m_lastPanPos = event->position().toPoint();
        viewport()->setCursor(Qt::ClosedHandCursor);
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton) {
        m_leftDown = true;
        m_pressPos = event->position().toPoint();
        event->accept();
        return;
    }
    event->ignore();
}

void SeatMapView::mouseMoveEvent(QMouseEvent *event)
{
    const QPoint pos = event->position().toPoint();
    if (m_panning) {
        scrollBy(m_lastPanPos - pos);
        m_lastPanPos = pos;
        event->accept();
        return;
    }
    if (m_leftDown && (pos - m_pressPos).manhattanLength() >= QApplication::startDragDistance()) {
        if (!m_rubberBand) {
            m_rubberBand = new QRubberBand(QRubberBand::Rectangle, viewport());
            m_rubberBand->setObjectName(QStringLiteral("seatRubberBand"));
        }
        m_rubberBand->setGeometry(QRect(m_pressPos, pos).normalized());
        m_rubberBand->show();
        event->accept();
        return;
    }
    event->ignore();
}

void SeatMapView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning && (event->button() == Qt::MiddleButton || event->button() == Qt::LeftButton)) {
        m_panning = false;
        if (m_spaceHeld)
            viewport()->setCursor(Qt::OpenHandCursor);
        else
            viewport()->unsetCursor();
        event->accept();
        return;
    }
    if (event->button() != Qt::LeftButton || !m_leftDown) {
        event->ignore();
        return;
    }
    m_leftDown = false;
    event->accept();
    if (m_rubberBand && m_rubberBand->isVisible()) {
        const QRect band = m_rubberBand->geometry();
        m_rubberBand->hide();
        QList<int> rows;
        for (QGraphicsItem *item : items(band, Qt::IntersectsItemShape)) {
            if (const int row = SeatMapScene::rowOf(item); row >= 0)
                rows << row;
        }
        std::sort(rows.begin(), rows.end());
        if (m_model)
            m_model->select(rows); // only the ones that may be picked
        return;
    }
    const int row = rowAt(event->position().toPoint());
    if (row < 0)
        return;
    setCursorRow(row);
    toggleRow(row);
}

bool SeatMapView::viewportEvent(QEvent *event)
{
    if (event->type() == QEvent::ToolTip && m_model) {
        const auto *help = static_cast<QHelpEvent *>(event);
        const int row = rowAt(help->pos());
        if (row < 0) {
            QToolTip::hideText();
        } else {
            const QRect around = mapFromScene(m_scene->seatRect(row)).boundingRect();
            QToolTip::showText(help->globalPos(), m_model->describe(row), viewport(), around);
        }
        return true;
    }
    return QGraphicsView::viewportEvent(event);
}

void SeatMapView::focusInEvent(QFocusEvent *event)
{
    QGraphicsView::focusInEvent(event);
    m_scene->setFocused(true);
}

void SeatMapView::focusOutEvent(QFocusEvent *event)
{
    QGraphicsView::focusOutEvent(event);
    m_scene->setFocused(false);
    if (m_spaceHeld) {
        m_spaceHeld = false;
        viewport()->unsetCursor();
    }
}
