#pragma once

#include <QStyledItemDelegate>

// Paints ShowsModel's availability column as a small bar: sold, held and free
// seats side by side, with "free / total" on top, so a glance down the table
// shows which shows are filling up.
class AvailabilityDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter *painter, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};
