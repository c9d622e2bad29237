#include "seatmapmodel.h"

#include <QSet>

#include <algorithm>

SeatMapModel::SeatMapModel(QObject *parent) : QAbstractListModel(parent) {}

int SeatMapModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_seats.size());
}

QVariant SeatMapModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int row = index.row();
    const Api::Seat &seat = m_seats.at(row);
    switch (role) {
    case Qt::DisplayRole:
    case LabelRole:
        return seat.label;
    case Qt::ToolTipRole:
        return describe(row);
    case SeatIdRole:
        return seat.id;
    case StateRole:
        return int(seat.state);
    case SelectedRole:
        return bool(m_selected.at(row));
    case SelectableRole:
        return isSelectable(row);
    case SectionRole:
        return seat.section;
    case CategoryRole:
        return seat.category;
    case CategoryIndexRole:
        return m_categoryIndex.at(row);
    case AccessibleRole:
        return seat.accessible;
    case RestrictedViewRole:
        return seat.restrictedView;
    case AisleRole:
        return seat.aisle;
    default:
        return {};
    }
}

QString SeatMapModel::describe(int row) const
{
    const Api::Seat &seat = m_seats.at(row);
    QStringList parts{seat.label};
    if (!seat.section.isEmpty())
        parts << seat.section;
    if (!seat.category.isEmpty())
        parts << seat.category;
    if (seat.accessible)
        parts << tr("accessible");
    if (seat.restrictedView)
        parts << tr("restricted view");
    switch (seat.state) {
    case Api::SeatState::Free:
        break;
    case Api::SeatState::Held:
        parts << tr("held");
        break;
    case Api::SeatState::Sold:
        parts << tr("sold");
        break;
    case Api::SeatState::Blocked:
        parts << tr("blocked");
        break;
    }
    return parts.join(QStringLiteral(" · "));
}

void SeatMapModel::setSeatMap(const Api::SeatMap &map)
{
    // A re-read of the same show keeps what was picked, as far as it still may be.
    QSet<qint64> keep;
    if (map.showId == m_showId) {
        for (int row = 0; row < m_seats.size(); ++row) {
            if (m_selected.at(row))
                keep.insert(m_seats.at(row).id);
        }
    }
    const int before = m_selectedCount;

    beginResetModel();
    m_showId = map.showId;
    m_planId = map.planId;
    m_seats = map.seats;
    m_selected = QList<bool>(m_seats.size(), false);
    m_categoryIndex.clear();
    m_categoryIndex.reserve(m_seats.size());
    m_categories.clear();
    m_rowById.clear();
    m_rowById.reserve(m_seats.size());
    m_rowByLabel.clear();
    m_rowByLabel.reserve(m_seats.size());
    m_counts = {};
    m_selectedCount = 0;
    QStringList dropped;
    for (int row = 0; row < m_seats.size(); ++row) {
        const Api::Seat &seat = m_seats.at(row);
        m_rowById.insert(seat.id, row);
        m_rowByLabel.insert(seat.label, row);
        m_counts.add(seat.state, 1);
        qsizetype category = m_categories.indexOf(seat.category);
        if (category < 0) {
            category = m_categories.size();
            m_categories << seat.category;
        }
        m_categoryIndex << int(category);
        if (keep.contains(seat.id)) {
            if (isSelectable(row)) {
                m_selected[row] = true;
                ++m_selectedCount;
            } else {
                dropped << seat.label;
            }
        }
    }
    endResetModel();

    emit countsChanged(m_counts);
    if (m_selectedCount != before || !dropped.isEmpty())
        emit selectionChanged(m_selectedCount);
    if (!dropped.isEmpty())
        emit selectionDropped(dropped);
}

void SeatMapModel::clear()
{
    setSeatMap({});
}

void SeatMapModel::changeState(int row, Api::SeatState state, QList<int> &changedRows)
{
    Api::Seat &seat = m_seats[row];
    if (seat.state == state)
        return;
    m_counts.add(seat.state, -1);
    m_counts.add(state, 1);
    seat.state = state;
    changedRows << row;
}

QStringList SeatMapModel::dropUnselectable(QList<int> &changedRows)
{
    QStringList dropped;
    for (int row : std::as_const(changedRows)) {
        if (m_selected.at(row) && !isSelectable(row)) {
            m_selected[row] = false;
            --m_selectedCount;
            dropped << m_seats.at(row).label;
        }
    }
    return dropped;
}

int SeatMapModel::applySeatChanges(qint64 showId, const QList<Api::SeatStateChange> &changes)
{
    if (showId != m_showId || m_seats.isEmpty())
        return 0;
    QList<int> changed;
    for (const Api::SeatStateChange &change : changes) {
        const int row = rowOfSeat(change.seatId);
        if (row >= 0)
            changeState(row, change.state, changed);
    }
    if (changed.isEmpty())
        return 0;
    const QStringList dropped = dropUnselectable(changed);
    const int count = int(changed.size());
    emitChanged(changed);
    emit countsChanged(m_counts);
    if (!dropped.isEmpty()) {
        emit selectionChanged(m_selectedCount);
        emit selectionDropped(dropped);
    }
    return count;
}

void SeatMapModel::setStates(const QStringList &labels, Api::SeatState state)
{
    QList<int> changed;
    for (const QString &label : labels) {
        const int row = rowOfLabel(label);
        if (row >= 0)
            changeState(row, state, changed);
    }
    if (changed.isEmpty())
        return;
    // Our own answer (a hold made, a block set): whatever was picked there is done with.
    const QStringList dropped = dropUnselectable(changed);
    emitChanged(changed);
    emit countsChanged(m_counts);
    if (!dropped.isEmpty())
        emit selectionChanged(m_selectedCount);
}

void SeatMapModel::setSelectableStates(const QList<Api::SeatState> &states)
{
    m_selectable = states;
    QList<int> changed;
    for (int row = 0; row < m_seats.size(); ++row) {
        if (m_selected.at(row) && !isSelectable(row)) {
            m_selected[row] = false;
            --m_selectedCount;
            changed << row;
        }
    }
    // Every seat's SelectableRole may have changed.
    if (!m_seats.isEmpty())
        emit dataChanged(index(0), index(int(m_seats.size()) - 1), {SelectableRole, SelectedRole});
    if (!changed.isEmpty())
        emit selectionChanged(m_selectedCount);
}

bool SeatMapModel::isSelectable(int row) const
{
    return m_selectable.contains(m_seats.at(row).state);
}

bool SeatMapModel::setSelected(int row, bool selected)
{
    if (row < 0 || row >= m_seats.size() || m_selected.at(row) == selected)
        return false;
    if (selected && !isSelectable(row))
        return false;
    m_selected[row] = selected;
    m_selectedCount += selected ? 1 : -1;
    emit dataChanged(index(row), index(row), {SelectedRole});
    emit selectionChanged(m_selectedCount);
    return true;
}

int SeatMapModel::select(const QList<int> &rows)
{
    QList<int> added;
    for (int row : rows) {
        if (row < 0 || row >= m_seats.size() || m_selected.at(row) || !isSelectable(row))
            continue;
        m_selected[row] = true;
        ++m_selectedCount;
        added << row;
    }
    if (added.isEmpty())
        return 0;
    const int count = int(added.size());
    emitChanged(added);
    emit selectionChanged(m_selectedCount);
    return count;
}

void SeatMapModel::deselectLabels(const QStringList &labels)
{
    QList<int> removed;
    for (const QString &label : labels) {
        const int row = rowOfLabel(label);
        if (row >= 0 && m_selected.at(row)) {
            m_selected[row] = false;
            --m_selectedCount;
            removed << row;
        }
    }
    if (removed.isEmpty())
        return;
    emitChanged(removed);
    emit selectionChanged(m_selectedCount);
}

void SeatMapModel::clearSelection()
{
    QList<int> removed;
    for (int row = 0; row < m_seats.size(); ++row) {
        if (m_selected.at(row)) {
            m_selected[row] = false;
            removed << row;
        }
    }
    m_selectedCount = 0;
    if (removed.isEmpty())
        return;
    emitChanged(removed);
    emit selectionChanged(0);
}

QStringList SeatMapModel::selectedLabels() const
{
    QStringList labels;
    for (int row = 0; row < m_seats.size(); ++row) {
        if (m_selected.at(row))
            labels << m_seats.at(row).label;
    }
    return labels;
}

QStringList SeatMapModel::selectedLabels(Api::SeatState state) const
{
    QStringList labels;
    for (int row = 0; row < m_seats.size(); ++row) {
        if (m_selected.at(row) && m_seats.at(row).state == state)
            labels << m_seats.at(row).label;
    }
    return labels;
}

QList<qint64> SeatMapModel::selectedIds() const
{
    QList<qint64> ids;
    for (int row = 0; row < m_seats.size(); ++row) {
        if (m_selected.at(row))
            ids << m_seats.at(row).id;
    }
    return ids;
}

void SeatMapModel::emitChanged(QList<int> rows)
{
    std::sort(rows.begin(), rows.end());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    const QList<int> roles{StateRole, SelectedRole, SelectableRole, Qt::ToolTipRole};
    for (qsizetype first = 0; first < rows.size();) {
        qsizetype last = first;
        while (last + 1 < rows.size() && rows.at(last + 1) == rows.at(last) + 1)
            ++last;
        emit dataChanged(index(rows.at(first)), index(rows.at(last)), roles);
        first = last + 1;
    }
}
