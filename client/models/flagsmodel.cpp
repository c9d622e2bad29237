#include "flagsmodel.h"

#include "jsontext.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QSet>

#include <algorithm>

FlagsModel::FlagsModel(QObject *parent) : QAbstractTableModel(parent) {}

int FlagsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_flags.size());
}

int FlagsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FlagsModel::formatPercent(std::optional<double> percent)
{
    if (!percent)
        return {};
    return QStringLiteral("%1 %").arg(QLocale().toString(*percent, 'g', 4));
}

QVariant FlagsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Api::FeatureFlag &flag = m_flags.at(index.row());
    const bool environment = flag.source == Api::FeatureFlag::Source::Environment;
    switch (role) {
    case KeyRole:
        return flag.key;
    case VersionRole:
        return flag.version;
    case EnvironmentRole:
        return environment;
    case Qt::ToolTipRole:
        if (environment)
            return tr("%1 is set by the environment variable %2, which wins over the stored value.")
                .arg(flag.key, flag.environmentVariable);
        return {};
    case Qt::ForegroundRole:
        if (environment && index.column() == SourceColumn)
            return QBrush(QColor(0x8a, 0x4b, 0x00));
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() == PercentColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    switch (index.column()) {
    case KeyColumn:
        return flag.key;
    case ValueColumn:
        return JsonText::compact(flag.effective);
    case PercentColumn:
        return formatPercent(flag.percent);
    case SourceColumn:
        return environment ? tr("environment (%1)").arg(flag.environmentVariable) : tr("database");
    case ChangedColumn:
        return flag.updatedAt.isValid()
                   ? QLocale().toString(flag.updatedAt.toLocalTime(), QLocale::ShortFormat)
                   : QString();
    case ChangedByColumn:
        return flag.updatedBy;
    default:
        return {};
    }
}

QVariant FlagsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case KeyColumn:
        return tr("Key");
    case ValueColumn:
        return tr("Effective value");
    case PercentColumn:
        return tr("Rollout");
    case SourceColumn:
        return tr("Source");
    case ChangedColumn:
        return tr("Changed");
    case ChangedByColumn:
        return tr("By");
    default:
        return {};
    }
}

void FlagsModel::setFlags(const QList<Api::FeatureFlag> &flags)
{
    QSet<QString> incoming;
    for (const Api::FeatureFlag &flag : flags)
        incoming.insert(flag.key);
    // Remove from the bottom so the row numbers still to visit stay valid.
    for (int row = int(m_flags.size()) - 1; row >= 0; --row) {
        if (!incoming.contains(m_flags.at(row).key)) {
            beginRemoveRows({}, row, row);
            m_flags.removeAt(row);
            endRemoveRows();
        }
    }
    for (const Api::FeatureFlag &flag : flags)
        upsertFlag(flag);
}

void FlagsModel::upsertFlag(const Api::FeatureFlag &flag)
{
    const auto at = std::lower_bound(
        m_flags.cbegin(), m_flags.cend(), flag.key,
        [](const Api::FeatureFlag &existing, const QString &key) { return existing.key < key; });
    const int row = int(at - m_flags.cbegin());
    if (at != m_flags.cend() && at->key == flag.key) {
        if (*at == flag)
            return;
        m_flags[row] = flag;
        emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        return;
    }
    beginInsertRows({}, row, row);
    m_flags.insert(row, flag);
    endInsertRows();
}

void FlagsModel::removeFlag(const QString &key)
{
    const int row = rowOfFlag(key);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_flags.removeAt(row);
    endRemoveRows();
}

std::optional<Api::FeatureFlag> FlagsModel::flagByKey(const QString &key) const
{
    const int row = rowOfFlag(key);
    if (row < 0)
        return std::nullopt;
    return m_flags.at(row);
}

int FlagsModel::rowOfFlag(const QString &key) const
{
    for (int row = 0; row < m_flags.size(); ++row) {
        if (m_flags.at(row).key == key)
            return row;
    }
    return -1;
}
