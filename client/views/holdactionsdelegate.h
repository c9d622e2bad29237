#pragma once

#include "custompaintdelegate.h"

// Paints Confirm / Cancel buttons in every row of the holds table (Dismiss
// for a hold that expired or was settled elsewhere) and turns clicks on them into signals. Painted rather
// than real widgets so hundreds of holds stay cheap.
class HoldActionsDelegate : public CustomPaintDelegate
{
    Q_OBJECT
public:
    using CustomPaintDelegate::CustomPaintDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

signals:
    void confirmClicked(qint64 bookingId);
    void cancelClicked(qint64 bookingId); // Dismiss on a settled hold, too

protected:
    bool editorEvent(QEvent *event, QAbstractItemModel *model, const QStyleOptionViewItem &option,
                     const QModelIndex &index) override;

private:
    struct Button
    {
        QString text;
        QRect rect;
        bool enabled;
        bool confirm;
    };
    QList<Button> buttons(const QStyleOptionViewItem &option, const QModelIndex &index) const;
};
