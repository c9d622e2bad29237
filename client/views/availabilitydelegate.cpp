#include "availabilitydelegate.h"

#include "showsmodel.h"

#include <QPainter>

namespace {
// Light tones so the black label reads on every part of the bar.
const QColor kSold(0xa9, 0xb6, 0xc4);
const QColor kHeld(0xff, 0xd2, 0x4d);
const QColor kFree(0xb5, 0xe3, 0xb5);
} // namespace

void AvailabilityDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                 const QModelIndex &index) const
{
    paintItemBackground(painter, option, index);

    const QRect bar = option.rect.adjusted(4, 4, -4, -4);
    if (index.data(ShowsModel::CancelledRole).toBool() || bar.width() < 8) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const int total = std::max(1, index.data(ShowsModel::TotalSeatsRole).toInt());
    const int sold = index.data(ShowsModel::SoldSeatsRole).toInt();
    const int held = index.data(ShowsModel::HeldSeatsRole).toInt();
    const int free = index.data(ShowsModel::AvailableSeatsRole).toInt();

    painter->save();
    painter->setRenderHint(QPainter::Antialiasing, false);
    int x = bar.left();
    const auto segment = [&](int seats, const QColor &color) {
        const int width = int(double(bar.width()) * seats / total + 0.5);
        painter->fillRect(QRect(x, bar.top(), std::min(width, bar.right() - x + 1), bar.height()),
                          color);
        x += width;
    };
    segment(sold, kSold);
    segment(held, kHeld);
    painter->fillRect(QRect(x, bar.top(), bar.right() - x + 1, bar.height()), kFree);
    painter->setPen(option.palette.color(QPalette::Mid));
    painter->drawRect(bar.adjusted(0, 0, -1, -1));

    const QString label = free == 0 ? tr("Sold out") : tr("%1 / %2 free").arg(free).arg(total);
    painter->setPen(Qt::black);
    painter->drawText(bar, Qt::AlignCenter, label);
    painter->restore();
}

QSize AvailabilityDelegate::sizeHint(const QStyleOptionViewItem &option,
                                     const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setWidth(
        std::max(size.width(),
                 option.fontMetrics.horizontalAdvance(QStringLiteral("00000 / 00000 free")) + 16));
    return size;
}
