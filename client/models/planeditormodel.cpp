#include "planeditormodel.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace {

// As the server lays plans out (server/seating/seatingplanjson.cpp), so that
// the preview is what GET /shows/:id/seats will later draw.
constexpr double kSectionGap = 2;
constexpr double kCurveHalfAngle = std::numbers::pi / 6;
constexpr int kMaxRows = 200;
constexpr int kMaxSeatsPerRow = 500;

// Coordinates to a thousandth of a seat: enough to draw, and keeps the body short.
double rounded(double value)
{
    return std::round(value * 1000) / 1000;
}

} // namespace

PlanEditorModel::PlanEditorModel(QObject *parent) : QAbstractTableModel(parent)
{
    connect(this, &QAbstractItemModel::dataChanged, this, &PlanEditorModel::seatsChanged);
    connect(this, &QAbstractItemModel::rowsInserted, this, &PlanEditorModel::seatsChanged);
    connect(this, &QAbstractItemModel::rowsRemoved, this, &PlanEditorModel::seatsChanged);
}

int PlanEditorModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_sections.size());
}

int PlanEditorModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant PlanEditorModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_sections.size())
        return {};
    const Section &s = m_sections.at(index.row());
    if (index.column() == CurvedColumn) {
        if (role == Qt::CheckStateRole)
            return s.curved ? Qt::Checked : Qt::Unchecked;
        return {};
    }
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    switch (index.column()) {
    case NameColumn:
        return s.name;
    case CategoryColumn:
        return s.category;
    case RowsColumn:
        return s.rows;
    case SeatsPerRowColumn:
        return s.seatsPerRow;
    case FirstRowColumn:
        return role == Qt::DisplayRole && s.firstRow.isEmpty() ? QStringLiteral("A") : s.firstRow;
    case RankColumn:
        return s.rank < 0 ? QVariant(role == Qt::EditRole ? QVariant(-1) : QVariant(QString()))
                          : QVariant(s.rank);
    }
    return {};
}

bool PlanEditorModel::setData(const QModelIndex &index, const QVariant &value, int role)
{
    if (!index.isValid() || index.row() >= m_sections.size())
        return false;
    Section &s = m_sections[index.row()];
    if (index.column() == CurvedColumn) {
        if (role != Qt::CheckStateRole)
            return false;
        s.curved = value.toInt() == Qt::Checked;
    } else {
        if (role != Qt::EditRole)
            return false;
        switch (index.column()) {
        case NameColumn:
            s.name = value.toString().trimmed();
            break;
        case CategoryColumn:
            s.category = value.toString().trimmed();
            break;
        case RowsColumn:
            s.rows = std::clamp(value.toInt(), 1, kMaxRows);
            break;
        case SeatsPerRowColumn:
            s.seatsPerRow = std::clamp(value.toInt(), 1, kMaxSeatsPerRow);
            break;
        case FirstRowColumn: {
            const QString letters = value.toString().trimmed().toUpper();
            if (!letters.isEmpty() && rowIndexOf(letters) < 0)
                return false;
            s.firstRow = letters == QLatin1String("A") ? QString() : letters;
            break;
        }
        case RankColumn: {
            bool ok = false;
            const int rank = value.toInt(&ok);
            s.rank = ok && rank >= 0 ? rank : -1;
            break;
        }
        default:
            return false;
        }
    }
    emit dataChanged(index, index);
    return true;
}

Qt::ItemFlags PlanEditorModel::flags(const QModelIndex &index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    const Qt::ItemFlags base = Qt::ItemIsSelectable | Qt::ItemIsEnabled;
    return index.column() == CurvedColumn ? base | Qt::ItemIsUserCheckable
                                          : base | Qt::ItemIsEditable;
}

QVariant PlanEditorModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case CategoryColumn:
        return tr("Category");
    case RowsColumn:
        return tr("Rows");
    case SeatsPerRowColumn:
        return tr("Seats per row");
    case FirstRowColumn:
        return tr("First row");
    case CurvedColumn:
        return tr("Curved");
    case RankColumn:
        return tr("Rank");
    }
    return {};
}

int PlanEditorModel::lastRowIndex(int section) const
{
    const Section &s = m_sections.at(section);
    return std::max(0, rowIndexOf(s.firstRow.isEmpty() ? QStringLiteral("A") : s.firstRow)) +
           s.rows - 1;
}

int PlanEditorModel::addSection()
{
    const int row = int(m_sections.size());
    Section section;
    section.name = tr("Section %1").arg(row + 1);
    if (row > 0)
        section.firstRow = rowLetters(lastRowIndex(row - 1) + 1);
    beginInsertRows({}, row, row);
    m_sections.append(section);
    endInsertRows();
    return row;
}

void PlanEditorModel::removeSection(int section)
{
    if (section < 0 || section >= m_sections.size())
        return;
    beginRemoveRows({}, section, section);
    m_sections.removeAt(section);
    endRemoveRows();
}

QList<PlanEditorModel::Seat> PlanEditorModel::seats() const
{
    QList<Seat> all;
    all.reserve(seatCount());
    double maxY = 0;
    for (int index = 0; index < m_sections.size(); ++index) {
        const Section &s = m_sections.at(index);
        const double offsetY = all.isEmpty() ? 0 : maxY + kSectionGap;
        const int first =
            std::max(0, rowIndexOf(s.firstRow.isEmpty() ? QStringLiteral("A") : s.firstRow));
        const double halfWidth = (s.seatsPerRow - 1) / 2.0;
        const double radius = halfWidth / kCurveHalfAngle;
        for (int r = 0; r < s.rows; ++r) {
            const QString row = rowLetters(first + r);
            for (int number = 1; number <= s.seatsPerRow; ++number) {
                Seat seat;
                seat.section = index;
                seat.rowIndex = r;
                seat.number = number;
                seat.row = row;
                seat.label = QStringLiteral("%1-%2").arg(row).arg(number);
                const double along = number - 1 - halfWidth;
                if (s.curved && halfWidth > 0) {
                    const double angle = along / radius;
                    seat.x = radius * std::sin(angle);
                    seat.y = offsetY + r - radius * (1 - std::cos(angle));
                } else {
                    seat.x = along;
                    seat.y = offsetY + r;
                }
                const qint64 key = seatKey(r, number);
                if (const auto moved = s.moved.constFind(key); moved != s.moved.cend()) {
                    seat.x += moved->x();
                    seat.y += moved->y();
                    seat.moved = true;
                }
                seat.x = rounded(seat.x);
                seat.y = rounded(seat.y);
                seat.accessible = s.accessible.contains(key);
                seat.restrictedView = s.restrictedView.contains(key);
                seat.aisle = s.aisle.contains(key);
                maxY = all.isEmpty() ? seat.y : std::max(maxY, seat.y);
                all.append(seat);
            }
        }
    }
    return all;
}

int PlanEditorModel::seatCount() const
{
    int count = 0;
    for (const Section &s : m_sections)
        count += s.rows * s.seatsPerRow;
    return count;
}

QSet<qint64> &PlanEditorModel::marks(Section &section, Mark mark)
{
    switch (mark) {
    case Mark::Accessible:
        return section.accessible;
    case Mark::RestrictedView:
        return section.restrictedView;
    case Mark::Aisle:
        break;
    }
    return section.aisle;
}

void PlanEditorModel::setMark(const QList<QPair<int, qint64>> &seats, Mark mark, bool on)
{
    for (const auto &[section, key] : seats) {
        if (section < 0 || section >= m_sections.size())
            continue;
        QSet<qint64> &set = marks(m_sections[section], mark);
        if (on)
            set.insert(key);
        else
            set.remove(key);
    }
    emit seatsChanged();
}

void PlanEditorModel::moveSeats(const QList<QPair<int, qint64>> &seats, const QPointF &delta)
{
    QSet<int> changed;
    for (const auto &[section, key] : seats) {
        if (section < 0 || section >= m_sections.size())
            continue;
        Section &s = m_sections[section];
        const bool wasExplicit = !s.moved.isEmpty();
        s.moved[key] += delta;
        if (!wasExplicit)
            changed.insert(section);
    }
    // The section's table row does not change, but it is explicit now.
    for (int section : changed)
        emit dataChanged(index(section, 0), index(section, ColumnCount - 1));
    emit seatsChanged();
}

QString PlanEditorModel::renameRow(int section, int rowIndex, const QString &letters)
{
    if (section < 0 || section >= m_sections.size())
        return tr("No such section.");
    const int wanted = rowIndexOf(letters.trimmed().toUpper());
    if (wanted < 0)
        return tr("Row letters are 1 to 3 letters A–Z.");
    if (wanted - rowIndex < 0)
        return tr("The rows in front of it would have no letters before “%1”.")
            .arg(letters.trimmed().toUpper());
    const QString first = rowLetters(wanted - rowIndex);
    if (rowIndexOf(first) < 0 ||
        rowIndexOf(rowLetters(wanted - rowIndex + m_sections.at(section).rows - 1)) < 0)
        return tr("The section's last row would need more than 3 letters.");
    setData(index(section, FirstRowColumn), first);
    return {};
}

QString PlanEditorModel::rowLetters(int index)
{
    QString letters;
    for (int n = index + 1; n > 0; n = (n - 1) / 26)
        letters.prepend(QChar(u'A' + (n - 1) % 26));
    return letters;
}

int PlanEditorModel::rowIndexOf(const QString &letters)
{
    if (letters.isEmpty() || letters.size() > 3)
        return -1;
    int n = 0;
    for (const QChar c : letters) {
        if (c < u'A' || c > u'Z')
            return -1;
        n = n * 26 + (c.unicode() - u'A' + 1);
    }
    return n - 1;
}
