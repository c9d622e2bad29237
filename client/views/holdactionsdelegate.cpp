#include "holdactionsdelegate.h"

#include "holdsmodel.h"

#include <QApplication>
#include <QMouseEvent>
#include <QPainter>

namespace {
constexpr int kGap = 4;
}

QList<HoldActionsDelegate::Button> HoldActionsDelegate::buttons(const QStyleOptionViewItem &option,
                                                                const QModelIndex &index) const
{
    const auto state = HoldsModel::State(index.data(HoldsModel::StateRole).toInt());
    const QRect area = option.rect.adjusted(kGap, 2, -kGap, -2);
    if (HoldsModel::isSettled(state))
        return {{tr("Dismiss"), area, true, false}};
    const bool idle = state == HoldsModel::State::Pending;
    const int half = (area.width() - kGap) / 2;
    return {{tr("Confirm"), QRect(area.left(), area.top(), half, area.height()), idle, true},
            {tr("Cancel"), QRect(area.left() + half + kGap, area.top(), half, area.height()), idle,
             false}};
}

void HoldActionsDelegate::paint(QPainter *painter, const QStyleOptionViewItem &option,
                                const QModelIndex &index) const
{
    paintItemBackground(painter, option, index);
    const QWidget *widget = option.widget;
    QStyle *style = widget ? widget->style() : QApplication::style();

    for (const Button &button : buttons(option, index)) {
        QStyleOptionButton buttonOption;
        buttonOption.rect = button.rect;
        buttonOption.text = button.text;
        buttonOption.palette = option.palette;
        buttonOption.state = QStyle::State_Raised;
        if (button.enabled)
            buttonOption.state |= QStyle::State_Enabled;
        style->drawControl(QStyle::CE_PushButton, &buttonOption, painter, widget);
    }
}

QSize HoldActionsDelegate::sizeHint(const QStyleOptionViewItem &option,
                                    const QModelIndex &index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    const int text = option.fontMetrics.horizontalAdvance(tr("Confirm")) +
                     option.fontMetrics.horizontalAdvance(tr("Cancel"));
    size.setWidth(text + 6 * kGap + 24);
    size.setHeight(std::max(size.height(), option.fontMetrics.height() + 10));
    return size;
}

bool HoldActionsDelegate::editorEvent(QEvent *event, QAbstractItemModel *model,
                                      const QStyleOptionViewItem &option, const QModelIndex &index)
{
    if (event->type() != QEvent::MouseButtonRelease)
        return QStyledItemDelegate::editorEvent(event, model, option, index);
    const auto *mouse = static_cast<QMouseEvent *>(event);
    if (mouse->button() != Qt::LeftButton)
        return false;
    const qint64 bookingId = index.data(HoldsModel::BookingIdRole).toLongLong();
    for (const Button &button : buttons(option, index)) {
        if (!button.enabled || !button.rect.contains(mouse->position().toPoint()))
            continue;
        if (button.confirm)
            emit confirmClicked(bookingId);
        else
            emit cancelClicked(bookingId);
        return true;
    }
    return false;
}
