#pragma once

#include "stafftypes.h"

#include <QAbstractTableModel>
#include <QList>

// The staff accounts (GET /admin/users) as the Users page lists them, one row
// per account in the server's order. Lives in the GUI thread.
class StaffUsersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        UsernameColumn,
        RoleColumn,
        DisabledColumn,
        LockedUntilColumn, // local time, empty when not locked
        FailedLoginsColumn,
        ColumnCount
    };

    explicit StaffUsersModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setUsers(const QList<StaffUser> &users);
    // One account changed (an answer to a change): its row updates, or one is added.
    void upsertUser(const StaffUser &user);
    const StaffUser &userAt(int row) const { return m_users.at(row); }
    int rowOfUser(const QString &username) const;

private:
    QList<StaffUser> m_users;
};
