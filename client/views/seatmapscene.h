#pragma once

#include "seatmaptypes.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QGraphicsScene>
#include <QList>
#include <QPen>

class SeatMapModel;

// The drawing of one show's seat map: a small square per seat of a
// SeatMapModel, coloured by its state (free in its category's colour, held
// amber, sold grey, blocked dark and crossed, selected blue), the row letters
// on the left and the stage at the front (small y, the top). SeatMapView shows
// it and takes the input.
//
// One lightweight QGraphicsItem per seat (no QObject, no hover events, no
// selection flags: the model holds the selection), in a BSP-indexed scene
// since seats never move, with brushes and pens made once and shared; a seat
// whose state changed is repainted alone (syncRow). Lives in the GUI thread.
class SeatMapScene : public QGraphicsScene
{
    Q_OBJECT
public:
    // A seat is this many scene units wide; x/y of the plan are in seat widths.
    static constexpr qreal kSeatUnit = 20.0;

    explicit SeatMapScene(QObject *parent = nullptr);
    ~SeatMapScene() override;

    // Draws `model`'s seats afresh (nothing for a null or empty model).
    void build(const SeatMapModel *model);
    // Takes a row's state and selection from the model and repaints that seat.
    void syncRow(int row);
    int seatCount() const { return int(m_items.size()); }
    // The model row an item of this scene draws, -1 when it is no seat.
    static int rowOf(const QGraphicsItem *item);
    // Where a row's seat is drawn, in scene coordinates (empty for no such row).
    QRectF seatRect(int row) const;
    // The seat at the front on the left: where a keyboard cursor starts.
    int frontRow() const { return m_frontRow; }
    void setCursorRow(int row);
    // The cursor's outline shows only while the view has the keyboard.
    void setFocused(bool focused);

    // The colours the map uses, for a legend beside it.
    static QColor categoryColor(int categoryIndex);
    static QColor stateColor(Api::SeatState state);
    static QColor selectedColor();

private:
    // What every seat item paints with, made once (not per paint).
    struct Paints
    {
        QList<QBrush> category;
        QBrush held;
        QBrush sold;
        QBrush blocked;
        QBrush selected;
        QBrush mark;
        QPen outline;
        QPen soldOutline;
        QPen cross;
        QPen selectedRing;
        QPen cursor;
        QPen darkText;
        QPen lightText;
        QFont number;
        bool focused = false;
    };
    class SeatItem;

    const SeatMapModel *m_model = nullptr;
    QList<SeatItem *> m_items; // by model row
    Paints m_paints;
    int m_frontRow = -1;
    int m_cursorRow = -1;
};
