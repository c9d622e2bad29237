#pragma once

#include <QStyledItemDelegate>

// Base for delegates that draw their own cell content: paints the cell's
// background, selection and focus the way the style would, but no text.
class CustomPaintDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;

protected:
    void paintItemBackground(QPainter *painter, const QStyleOptionViewItem &option,
                             const QModelIndex &index) const;
};
