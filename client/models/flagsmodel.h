#pragma once

#include "flagtypes.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

// The feature flags the server knows (GET /admin/flags), one row per key in key
// order, as the Flags page shows them. setFlags() merges a fresh list in place
// (rows update, appear and vanish individually), like ShowsModel, so the
// selection and scroll position survive the periodic refresh. Lives in the GUI
// thread.
class FlagsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        KeyColumn,
        ValueColumn,   // effective value, compact JSON
        PercentColumn, // rollout %, empty when not a rollout
        SourceColumn,  // database / environment
        ChangedColumn, // local time
        ChangedByColumn,
        ColumnCount
    };
    enum Role
    {
        KeyRole = Qt::UserRole + 1,
        VersionRole,
        EnvironmentRole, // true when the environment overrides the stored value
    };

    explicit FlagsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setFlags(const QList<Api::FeatureFlag> &flags);
    // One flag changed (a PUT answered): update or insert it in key order.
    void upsertFlag(const Api::FeatureFlag &flag);
    void removeFlag(const QString &key);

    const Api::FeatureFlag &flagAt(int row) const { return m_flags.at(row); }
    std::optional<Api::FeatureFlag> flagByKey(const QString &key) const;
    int rowOfFlag(const QString &key) const;

    // "5 %", "12.5 %"; empty without a rollout.
    static QString formatPercent(std::optional<double> percent);

private:
    QList<Api::FeatureFlag> m_flags; // sorted by key
};
