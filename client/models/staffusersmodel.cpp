#include "staffusersmodel.h"

#include <QLocale>

StaffUsersModel::StaffUsersModel(QObject *parent) : QAbstractTableModel(parent) {}

int StaffUsersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_users.size());
}

int StaffUsersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant StaffUsersModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_users.size())
        return {};
    const StaffUser &user = m_users.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case UsernameColumn:
            return user.username;
        case RoleColumn:
            return user.role;
        case DisabledColumn:
            return user.disabled ? tr("disabled") : QString();
        case LockedUntilColumn:
            return user.isLocked(QDateTime::currentDateTimeUtc())
                       ? QLocale().toString(user.lockedUntil.toLocalTime(), QLocale::ShortFormat)
                       : QString();
        case FailedLoginsColumn:
            return user.failedLogins;
        }
    }
    if (role == Qt::UserRole)
        return user.id;
    return {};
}

QVariant StaffUsersModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case UsernameColumn:
        return tr("User name");
    case RoleColumn:
        return tr("Role");
    case DisabledColumn:
        return tr("Disabled");
    case LockedUntilColumn:
        return tr("Locked until");
    case FailedLoginsColumn:
        return tr("Failed logins");
    }
    return {};
}

void StaffUsersModel::setUsers(const QList<StaffUser> &users)
{
    beginResetModel();
    m_users = users;
    endResetModel();
}

void StaffUsersModel::upsertUser(const StaffUser &user)
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).id == user.id) {
            m_users[row] = user;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
    beginInsertRows({}, int(m_users.size()), int(m_users.size()));
    m_users.append(user);
    endInsertRows();
}

int StaffUsersModel::rowOfUser(const QString &username) const
{
    for (int row = 0; row < m_users.size(); ++row) {
        if (m_users.at(row).username == username)
            return row;
    }
    return -1;
}
