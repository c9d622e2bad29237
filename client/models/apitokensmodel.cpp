#include "apitokensmodel.h"

#include <QLocale>

namespace {
QString timeText(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QLocale::ShortFormat)
                          : QString();
}
} // namespace

ApiTokensModel::ApiTokensModel(QObject *parent) : QAbstractTableModel(parent) {}

int ApiTokensModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_tokens.size());
}

int ApiTokensModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ApiTokensModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_tokens.size())
        return {};
    const ApiTokenInfo &token = m_tokens.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return token.name;
        case RoleColumn:
            return token.role;
        case CreatedByColumn:
            return token.createdBy;
        case CreatedColumn:
            return timeText(token.createdAt);
        case ExpiresColumn:
            return token.expiresAt.isValid() ? timeText(token.expiresAt) : tr("never");
        case RevokedColumn:
            return timeText(token.revokedAt);
        case LastUsedColumn:
            return timeText(token.lastUsedAt);
        }
    }
    if (role == Qt::UserRole)
        return token.id;
    return {};
}

QVariant ApiTokensModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case RoleColumn:
        return tr("Role");
    case CreatedByColumn:
        return tr("Created by");
    case CreatedColumn:
        return tr("Created");
    case ExpiresColumn:
        return tr("Expires");
    case RevokedColumn:
        return tr("Revoked");
    case LastUsedColumn:
        return tr("Last used");
    }
    return {};
}

void ApiTokensModel::setTokens(const QList<ApiTokenInfo> &tokens)
{
    beginResetModel();
    m_tokens = tokens;
    endResetModel();
}

void ApiTokensModel::upsertToken(const ApiTokenInfo &token)
{
    for (int row = 0; row < m_tokens.size(); ++row) {
        if (m_tokens.at(row).id == token.id) {
            m_tokens[row] = token;
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
            return;
        }
    }
    beginInsertRows({}, int(m_tokens.size()), int(m_tokens.size()));
    m_tokens.append(token);
    endInsertRows();
}

int ApiTokensModel::rowOfToken(const QString &name) const
{
    for (int row = 0; row < m_tokens.size(); ++row) {
        if (m_tokens.at(row).name == name)
            return row;
    }
    return -1;
}
