#pragma once

#include "seatmapscene.h"
#include "seatmaptypes.h"

#include <QColor>
#include <QGraphicsView>
#include <QPoint>
#include <QPointer>

class QRubberBand;
class SeatMapModel;

// The seat map of one seated show, drawn from a SeatMapModel by a
// SeatMapScene (the stage at the top, row letters on the left), with the ways
// staff pick seats on it.
//
// Mouse: click toggles a seat, dragging a rectangle adds the free seats in it,
// the wheel zooms under the pointer, the middle button (or the left one with
// Space held) pans; hovering a seat names it. Keyboard: the arrows move a seat
// cursor and Space toggles its seat; typing a number and Enter asks for that
// many best-available seats (bestAvailableRequested), Enter with seats
// selected asks to hold them (holdSelectionRequested); Ctrl+= / Ctrl+- zoom,
// Ctrl+0 fits the plan. The view only asks: what a request does is the
// SeatingWorkflow's.
//
// Measured offscreen (raster, a shared 2-core machine) on a 5 000-seat plan
// in a 1000x560 view: scene built in ~10 ms, a full repaint 10-14 ms at fit
// and 3-10 ms zoomed in, a push of 400 seats repainted in 11-19 ms; a push
// repaints only the seats it names.
class SeatMapView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit SeatMapView(QWidget *parent = nullptr);
    ~SeatMapView() override;

    void setModel(SeatMapModel *model);
    SeatMapModel *model() const { return m_model; }

    // The seat under the keyboard cursor (a model row), -1 when there is none.
    int cursorRow() const { return m_cursorRow; }
    void setCursorRow(int row);
    // The number typed so far for best-available (0: none).
    int typedCount() const { return m_typed.toInt(); }

    // The colours the map uses, for a legend beside it.
    static QColor categoryColor(int index) { return SeatMapScene::categoryColor(index); }
    static QColor stateColor(Api::SeatState state) { return SeatMapScene::stateColor(state); }
    static QColor selectedColor() { return SeatMapScene::selectedColor(); }

    // A seat is this many scene units wide; x/y of the plan are in seat widths.
    static constexpr qreal kSeatUnit = SeatMapScene::kSeatUnit;

public slots:
    void zoomIn();
    void zoomOut();
    void fitToPlan();

signals:
    void bestAvailableRequested(int count);
    void holdSelectionRequested();
    void typedCountChanged(int count);
    void cursorMoved(int row);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void keyReleaseEvent(QKeyEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    void focusInEvent(QFocusEvent *event) override;
    void focusOutEvent(QFocusEvent *event) override;

private:
    void rebuild();
    void updateRows(const QModelIndex &topLeft, const QModelIndex &bottomRight);
    int rowAt(const QPoint &viewportPos) const;
    // Scales by `factor` (clamped) keeping `anchor` (viewport coordinates) in place.
    void zoomBy(qreal factor, const QPointF &anchor);
    qreal fitScale() const;
    void moveCursor(int dx, int dy);
    void toggleRow(int row);
    void setTyped(const QString &typed);
    void scrollBy(const QPoint &delta);

    SeatMapScene *m_scene;
    QPointer<SeatMapModel> m_model;
    int m_cursorRow = -1;
    qint64 m_cursorSeatId = 0; // to find the cursor's seat again after a re-read
    QString m_typed;
    bool m_fitPending = true;
    bool m_userZoomed = false;
    // Mouse and Space state.
    bool m_panning = false;
    bool m_spaceHeld = false;
    bool m_spaceDragged = false;
    bool m_leftDown = false;
    QPoint m_pressPos;
    QPoint m_lastPanPos;
    QRubberBand *m_rubberBand = nullptr;
};
