#pragma once

#include "stafftypes.h"

#include <QAbstractTableModel>
#include <QList>

// The API tokens (GET /admin/tokens, never their secrets) as the Tokens page
// lists them. Lives in the GUI thread.
class ApiTokensModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        RoleColumn,
        CreatedByColumn,
        CreatedColumn,
        ExpiresColumn,
        RevokedColumn,
        LastUsedColumn,
        ColumnCount
    };

    explicit ApiTokensModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setTokens(const QList<ApiTokenInfo> &tokens);
    void upsertToken(const ApiTokenInfo &token);
    const ApiTokenInfo &tokenAt(int row) const { return m_tokens.at(row); }
    int rowOfToken(const QString &name) const;

private:
    QList<ApiTokenInfo> m_tokens;
};
