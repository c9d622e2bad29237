#pragma once

#include "audittypes.h"

#include <QAbstractTableModel>
#include <QList>

// The audit log as the Audit page shows it (GET /admin/audit), newest first:
// when (local time), who and in which role, what, on what, the change as
// compact JSON, and where from. Read-only. Lives in the GUI thread.
class AuditModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        WhenColumn,
        ActorColumn,
        RoleColumn,
        ActionColumn,
        TargetColumn, // "booking:42"
        ChangeColumn, // "{"status":"PENDING"} → {"status":"CONFIRMED"}"
        AddressColumn,
        RequestColumn,
        ColumnCount
    };

    explicit AuditModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setEntries(const QList<Api::AuditEntry> &entries);
    // The next page, below the rows already there.
    void appendEntries(const QList<Api::AuditEntry> &entries);
    const Api::AuditEntry &entryAt(int row) const { return m_entries.at(row); }

    static QString describeChange(const Api::AuditEntry &entry);

private:
    QList<Api::AuditEntry> m_entries;
};
