#pragma once

#include <QGraphicsView>
#include <QList>
#include <QPair>
#include <QPointer>

class PlanEditorModel;

// The live preview of a plan draft in the plan editor: one square per seat of
// a PlanEditorModel where the server will place it (the stage at the top), in
// its category's colour, accessible seats filled blue, restricted-view ones
// dashed, aisle seats with a thick edge, moved ones with a dot.
//
// Unlike SeatMapView (a show's seats, which never move), its seats are
// ordinary selectable, movable items: click or drag a rubber band to select,
// drag selected seats to move them; on release the move goes to the model
// (snapped to half a seat), which makes their section explicit. The selection
// survives the redraw that follows every change. Lives in the GUI thread.
class PlanPreviewView : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr qreal kSeatUnit = 20.0;

    explicit PlanPreviewView(QWidget *parent = nullptr);
    ~PlanPreviewView() override;

    void setModel(PlanEditorModel *model);
    // Selected seats as (section, PlanEditorModel::seatKey()).
    QList<QPair<int, qint64>> selectedSeats() const;
    void selectSeats(const QList<QPair<int, qint64>> &seats);
    int seatItemCount() const;
    // Hands seats dragged away from their place to the model; the mouse
    // release calls it, tests may too after moving items.
    void commitMoves();

signals:
    void selectionChanged(int selectedCount);

protected:
    void mouseReleaseEvent(QMouseEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void rebuild();

    QGraphicsScene *m_scene;
    QPointer<PlanEditorModel> m_model;
};
