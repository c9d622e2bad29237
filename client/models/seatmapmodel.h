#pragma once

#include "seatmaptypes.h"

#include <QAbstractListModel>
#include <QHash>
#include <QList>
#include <QStringList>

// One seated show's seats, one row per seat in the plan's order, with their
// live states and the seats picked at the counter (the selection, by seat).
//
// States change by seat id from live push (applySeatChanges) or from an answer
// the client just got (setStates); each change is one dataChanged over the
// runs of rows that really changed, so a view repaints only those seats. The
// selection holds only seats that may be picked now (free ones; free and
// blocked ones for an admin blocking seats): a selected seat that someone else
// takes leaves the selection, and selectionDropped names it. Lives in the GUI
// thread.
class SeatMapModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role
    {
        SeatIdRole = Qt::UserRole + 1, // qint64
        LabelRole,                     // "A-12" (also the display text)
        StateRole,                     // Api::SeatState as int
        SelectedRole,                  // bool
        SelectableRole,                // bool: may be picked now
        SectionRole,
        CategoryRole,
        CategoryIndexRole, // int: the category's place among the plan's categories
        AccessibleRole,
        RestrictedViewRole,
        AisleRole,
    };

    explicit SeatMapModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;

    // A fresh map (first load or a re-read): a model reset. A selection of the
    // same show keeps the seats that may still be picked; the rest are dropped.
    void setSeatMap(const Api::SeatMap &map);
    void clear();

    qint64 showId() const { return m_showId; }
    qint64 planId() const { return m_planId; }
    const Api::Seat &seatAt(int row) const { return m_seats.at(row); }
    int rowOfSeat(qint64 seatId) const { return m_rowById.value(seatId, -1); }
    int rowOfLabel(const QString &label) const { return m_rowByLabel.value(label, -1); }
    // The plan's categories in order of first appearance ("standard", "premium").
    QStringList categories() const { return m_categories; }
    int categoryIndex(int row) const { return m_categoryIndex.at(row); }
    Api::SeatCounts counts() const { return m_counts; }

    // Live push: seats of `showId` changed; another show's changes and unknown
    // seats are ignored. Returns how many seats changed state.
    int applySeatChanges(qint64 showId, const QList<Api::SeatStateChange> &changes);
    // What the server just answered us (a hold made, seats blocked), by label.
    void setStates(const QStringList &labels, Api::SeatState state);

    // Which states may be selected: {Free} at the counter, {Free, Blocked} for
    // blocking and unblocking. Selected seats outside the new set are dropped.
    void setSelectableStates(const QList<Api::SeatState> &states);
    bool isSelectable(int row) const;
    bool isSelected(int row) const { return m_selected.at(row); }
    // False (and nothing changes) for a seat that may not be picked.
    bool setSelected(int row, bool selected);
    bool toggleSelected(int row) { return setSelected(row, !isSelected(row)); }
    // Adds the seats of `rows` that may be picked; returns how many were added.
    int select(const QList<int> &rows);
    void deselectLabels(const QStringList &labels);
    void clearSelection();
    int selectedCount() const { return m_selectedCount; }
    // In the plan's order; `state` limits them to seats in that state.
    QStringList selectedLabels() const;
    QStringList selectedLabels(Api::SeatState state) const;
    QList<qint64> selectedIds() const;

    // "A-12 · Stalls · standard · accessible", the seat as staff read it.
    QString describe(int row) const;

signals:
    void countsChanged(const Api::SeatCounts &counts);
    void selectionChanged(int selectedCount);
    // Selected seats that may no longer be picked (another counter took them).
    void selectionDropped(const QStringList &labels);

private:
    // One dataChanged per run of consecutive rows in `rows` (any order).
    void emitChanged(QList<int> rows);
    // Unselects rows whose state may no longer be picked; returns their labels.
    QStringList dropUnselectable(QList<int> &changedRows);
    void changeState(int row, Api::SeatState state, QList<int> &changedRows);

    qint64 m_showId = 0;
    qint64 m_planId = 0;
    QList<Api::Seat> m_seats;
    QList<bool> m_selected;
    QList<int> m_categoryIndex;
    QStringList m_categories;
    QHash<qint64, int> m_rowById;
    QHash<QString, int> m_rowByLabel;
    Api::SeatCounts m_counts;
    int m_selectedCount = 0;
    QList<Api::SeatState> m_selectable{Api::SeatState::Free};
};
