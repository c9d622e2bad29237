#pragma once

#include "custompaintdelegate.h"

// Paints ShowsModel's availability column as a small bar: sold, held and free
// seats side by side, with "free / total" on top, so a glance down the table
// shows which shows are filling up.
class AvailabilityDelegate : public CustomPaintDelegate
{
    Q_OBJECT
public:
    using CustomPaintDelegate::CustomPaintDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
