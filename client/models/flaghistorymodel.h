#pragma once

#include "flagtypes.h"

#include <QAbstractTableModel>
#include <QList>

// The changes of one flag (GET /admin/flags/:key/history), newest first, as the
// history dialog shows them: when (local time), who, what, and old → new.
// Lives in the GUI thread.
class FlagHistoryModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        WhenColumn,
        WhoColumn,
        ActionColumn,
        ChangeColumn, // "old → new", compact JSON
        ColumnCount
    };

    explicit FlagHistoryModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setChanges(const QList<Api::FlagChange> &changes);
    // The next page, below the rows already there.
    void appendChanges(const QList<Api::FlagChange> &changes);
    const Api::FlagChange &changeAt(int row) const { return m_changes.at(row); }

    static QString actionName(Api::FlagChange::Action action);
    // "5 → 7", "(none) → true", "{"percent":5} → (deleted)".
    static QString describeChange(const Api::FlagChange &change);

private:
    QList<Api::FlagChange> m_changes;
};
