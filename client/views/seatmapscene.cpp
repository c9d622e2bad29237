#include "seatmapscene.h"

#include "seatmapmodel.h"

#include <QGraphicsItem>
#include <QGraphicsSimpleTextItem>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QStyleOptionGraphicsItem>

#include <iterator>

namespace {
constexpr qreal kGap = 2.0; // scene units between neighbouring seats
// Below these sizes on screen (px) a seat is only a coloured square.
constexpr qreal kOutlineFromPx = 7.0;
constexpr qreal kMarksFromPx = 6.0;
constexpr qreal kNumberFromPx = 22.0;
constexpr int kSeatIdKey = 0; // QGraphicsItem::data(): the seat id, for whoever looks

const QColor kCategoryColors[] = {
    QColor(0x2e, 0x7d, 0x32), // green
    QColor(0x6a, 0x1b, 0x9a), // purple
    QColor(0xad, 0x14, 0x57), // magenta
    QColor(0x82, 0x77, 0x17), // olive
    QColor(0x5d, 0x40, 0x37), // brown
    QColor(0x00, 0x60, 0x64), // dark cyan
};
} // namespace

// One seat: a few bytes of state and a paint() that reads the shared Paints.
// No QGraphicsObject (no QObject per seat), no hover events, no selection
// flags: the model holds the selection.
class SeatMapScene::SeatItem final : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 17
    };

    SeatItem(const Paints *paints, int row, const QRectF &rect, const QString &number)
        : m_paints(paints), m_rect(rect), m_number(number), m_row(row)
    {
        // The cursor's outline is drawn just outside the seat.
        m_bounds = rect.adjusted(-3, -3, 3, 3);
    }

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override
    {
        QPainterPath path;
        path.addRect(m_rect);
        return path;
    }
    int row() const { return m_row; }
    QRectF seatRect() const { return m_rect; }

    void set(Api::SeatState state, int category, bool selected, bool accessible, bool restricted)
    {
        m_state = state;
        m_category = category;
        m_selected = selected;
        m_accessible = accessible;
        m_restricted = restricted;
    }
    void setCursor(bool cursor) { m_cursor = cursor; }
    bool isSelected() const { return m_selected; }
    Api::SeatState state() const { return m_state; }

    void paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *) override
    {
        const qreal px =
            QStyleOptionGraphicsItem::levelOfDetailFromTransform(painter->worldTransform()) *
            SeatMapScene::kSeatUnit;
        const Paints &p = *m_paints;
        const QBrush &fill = m_selected                           ? p.selected
                             : m_state == Api::SeatState::Held    ? p.held
                             : m_state == Api::SeatState::Sold    ? p.sold
                             : m_state == Api::SeatState::Blocked ? p.blocked
                                                                  : p.category.at(m_category);
        const bool outlined = px >= kOutlineFromPx;
        painter->setPen(!outlined                                        ? QPen(Qt::NoPen)
                        : m_state == Api::SeatState::Sold && !m_selected ? p.soldOutline
                                                                         : p.outline);
        painter->setBrush(fill);
        painter->drawRect(m_rect);
        if (m_state == Api::SeatState::Blocked && !m_selected) {
            painter->setPen(p.cross);
            painter->drawLine(m_rect.topLeft(), m_rect.bottomRight());
            painter->drawLine(m_rect.topRight(), m_rect.bottomLeft());
        }
        if (px >= kMarksFromPx) {
            if (m_restricted) {
                // A bar along the back edge: "you will not see everything from here".
                painter->setPen(Qt::NoPen);
                painter->setBrush(p.mark);
                painter->drawRect(QRectF(m_rect.left(), m_rect.bottom() - m_rect.height() * 0.18,
                                         m_rect.width(), m_rect.height() * 0.18));
            }
            if (m_accessible) {
                painter->setPen(Qt::NoPen);
                painter->setBrush(p.mark);
                const qreal r = m_rect.width() * 0.16;
                painter->drawEllipse(QPointF(m_rect.left() + r * 1.6, m_rect.top() + r * 1.6), r,
                                     r);
            }
        }
        if (m_selected && outlined) {
            painter->setPen(p.selectedRing);
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(m_rect.adjusted(1.5, 1.5, -1.5, -1.5));
        }
        if (px >= kNumberFromPx) {
            painter->setFont(p.number);
            painter->setPen(m_state == Api::SeatState::Held && !m_selected ? p.darkText
                                                                           : p.lightText);
            painter->drawText(m_rect, Qt::AlignCenter, m_number);
        }
        if (m_cursor && p.focused) {
            painter->setPen(p.cursor);
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(m_rect.adjusted(-2, -2, 2, 2));
        }
    }

private:
    const Paints *m_paints;
    QRectF m_rect;
    QRectF m_bounds;
    QString m_number;
    int m_row;
    int m_category = 0;
    Api::SeatState m_state = Api::SeatState::Free;
    bool m_selected = false;
    bool m_cursor = false;
    bool m_accessible = false;
    bool m_restricted = false;
};

QColor SeatMapScene::categoryColor(int categoryIndex)
{
    constexpr int count = int(std::size(kCategoryColors));
    return kCategoryColors[((categoryIndex % count) + count) % count];
}

QColor SeatMapScene::stateColor(Api::SeatState state)
{
    switch (state) {
    case Api::SeatState::Free:
        return categoryColor(0);
    case Api::SeatState::Held:
        return QColor(0xff, 0xbf, 0x00); // the countdown's amber
    case Api::SeatState::Sold:
        return QColor(0xb0, 0xb0, 0xb0);
    case Api::SeatState::Blocked:
        return QColor(0x37, 0x47, 0x4f);
    }
    return {};
}

QColor SeatMapScene::selectedColor()
{
    return QColor(0x15, 0x65, 0xc0);
}

SeatMapScene::SeatMapScene(QObject *parent) : QGraphicsScene(parent)
{
    // Seats never move: a BSP tree finds the few under the pointer or in a
    // rubber band, and what to paint when zoomed in, without visiting them all.
    setItemIndexMethod(QGraphicsScene::BspTreeIndex);
    for (const QColor &color : kCategoryColors)
        m_paints.category << QBrush(color);
    m_paints.held = QBrush(stateColor(Api::SeatState::Held));
    m_paints.sold = QBrush(stateColor(Api::SeatState::Sold));
    m_paints.blocked = QBrush(stateColor(Api::SeatState::Blocked));
    m_paints.selected = QBrush(selectedColor());
    m_paints.mark = QBrush(QColor(255, 255, 255, 220));
    const auto cosmetic = [](const QColor &color, qreal width, Qt::PenStyle style = Qt::SolidLine) {
        QPen pen(color, width, style);
        pen.setCosmetic(true);
        return pen;
    };
    m_paints.outline = cosmetic(QColor(0, 0, 0, 90), 1);
    m_paints.soldOutline = cosmetic(QColor(0x80, 0x80, 0x80), 1);
    m_paints.cross = cosmetic(QColor(0xcf, 0xd8, 0xdc), 1);
    m_paints.selectedRing = cosmetic(Qt::white, 2);
    m_paints.cursor = cosmetic(QColor(0x10, 0x10, 0x10), 2, Qt::DotLine);
    m_paints.darkText = cosmetic(QColor(0x3d, 0x2b, 0x00), 1);
    m_paints.lightText = cosmetic(Qt::white, 1);
    m_paints.number = QFont();
    m_paints.number.setPixelSize(int(kSeatUnit * 0.45)); // in scene units: it zooms with the map
}

SeatMapScene::~SeatMapScene() = default;

int SeatMapScene::rowOf(const QGraphicsItem *item)
{
    const auto *seat = qgraphicsitem_cast<const SeatItem *>(item);
    return seat ? seat->row() : -1;
}

QRectF SeatMapScene::seatRect(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row)->seatRect() : QRectF();
}

void SeatMapScene::build(const SeatMapModel *model)
{
    clear();
    m_items.clear();
    m_model = model;
    m_frontRow = -1;
    m_cursorRow = -1;
    if (!m_model || m_model->rowCount() == 0) {
        setSceneRect({});
        return;
    }

    const int count = m_model->rowCount();
    m_items.reserve(count);
    // The leftmost seat of each row, for its letter.
    struct RowStart
    {
        qreal x;
        qreal y;
    };
    QHash<QString, RowStart> rowStarts;
    QRectF plan;
    for (int row = 0; row < count; ++row) {
        const Api::Seat &seat = m_model->seatAt(row);
        const QRectF rect(seat.x * kSeatUnit + kGap / 2, seat.y * kSeatUnit + kGap / 2,
                          kSeatUnit - kGap, kSeatUnit - kGap);
        auto *item = new SeatItem(&m_paints, row, rect, QString::number(seat.number));
        item->setData(kSeatIdKey, seat.id);
        m_items << item;
        syncRow(row);
        addItem(item);
        plan = plan.isNull() ? rect : plan.united(rect);

        const QString rowKey = seat.section + QLatin1Char('\n') + seat.row;
        const auto start = rowStarts.constFind(rowKey);
        if (start == rowStarts.cend() || rect.left() < start->x)
            rowStarts.insert(rowKey, {rect.left(), rect.top()});
        const Api::Seat *best = m_frontRow >= 0 ? &m_model->seatAt(m_frontRow) : nullptr;
        if (!best || seat.y < best->y || (seat.y == best->y && seat.x < best->x))
            m_frontRow = row;
    }

    QFont labelFont;
    labelFont.setPixelSize(int(kSeatUnit * 0.55));
    for (auto it = rowStarts.cbegin(); it != rowStarts.cend(); ++it) {
        auto *label = addSimpleText(it.key().section(QLatin1Char('\n'), 1), labelFont);
        label->setBrush(QColor(0x55, 0x55, 0x55));
        const QRectF bounds = label->boundingRect();
        label->setPos(it->x - kSeatUnit * 0.35 - bounds.width(),
                      it->y + (kSeatUnit - kGap - bounds.height()) / 2);
    }
    // The stage, at the front (small y), so the map reads the way the hall does.
    const QRectF stage(plan.left(), plan.top() - kSeatUnit * 2.2, plan.width(), kSeatUnit * 1.2);
    addRect(stage, QPen(Qt::NoPen), QColor(0xd7, 0xcc, 0xc8));
    QFont stageFont;
    stageFont.setPixelSize(int(kSeatUnit * 0.7));
    auto *stageText = addSimpleText(tr("STAGE"), stageFont);
    stageText->setBrush(QColor(0x4e, 0x34, 0x2e));
    stageText->setPos(stage.center() - stageText->boundingRect().center());

    setSceneRect(
        itemsBoundingRect().adjusted(-kSeatUnit * 2, -kSeatUnit, kSeatUnit * 2, kSeatUnit * 2));
}

void SeatMapScene::syncRow(int row)
{
    if (!m_model || row < 0 || row >= m_items.size())
        return;
    const Api::Seat &seat = m_model->seatAt(row);
    SeatItem *item = m_items.at(row);
    item->set(seat.state, m_model->categoryIndex(row), m_model->isSelected(row), seat.accessible,
              seat.restrictedView);
    item->update();
}

void SeatMapScene::setCursorRow(int row)
{
    if (m_cursorRow >= 0 && m_cursorRow < m_items.size()) {
        m_items.at(m_cursorRow)->setCursor(false);
        m_items.at(m_cursorRow)->update();
    }
    m_cursorRow = row >= 0 && row < m_items.size() ? row : -1;
    if (m_cursorRow >= 0) {
        m_items.at(m_cursorRow)->setCursor(true);
        m_items.at(m_cursorRow)->update();
    }
}

void SeatMapScene::setFocused(bool focused)
{
    m_paints.focused = focused;
    if (m_cursorRow >= 0)
        m_items.at(m_cursorRow)->update();
}
