#include "flaghistorymodel.h"

#include "jsontext.h"

#include <QLocale>

FlagHistoryModel::FlagHistoryModel(QObject *parent) : QAbstractTableModel(parent) {}

int FlagHistoryModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_changes.size());
}

int FlagHistoryModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString FlagHistoryModel::actionName(Api::FlagChange::Action action)
{
    switch (action) {
    case Api::FlagChange::Action::Created:
        return tr("created");
    case Api::FlagChange::Action::Updated:
        return tr("updated");
    case Api::FlagChange::Action::Deleted:
        return tr("deleted");
    }
    return {};
}

QString FlagHistoryModel::describeChange(const Api::FlagChange &change)
{
    const QString before = change.action == Api::FlagChange::Action::Created
                               ? tr("(none)")
                               : JsonText::compact(change.oldValue);
    const QString after = change.action == Api::FlagChange::Action::Deleted
                              ? tr("(deleted)")
                              : JsonText::compact(change.newValue);
    return QStringLiteral("%1 → %2").arg(before, after);
}

QVariant FlagHistoryModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    const Api::FlagChange &change = m_changes.at(index.row());
    switch (index.column()) {
    case WhenColumn:
        return QLocale().toString(change.changedAt.toLocalTime(),
                                  QStringLiteral("ddd d MMM yyyy  HH:mm:ss"));
    case WhoColumn:
        return change.changedBy;
    case ActionColumn:
        return actionName(change.action);
    case ChangeColumn:
        return describeChange(change);
    default:
        return {};
    }
}

QVariant FlagHistoryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case WhenColumn:
        return tr("When");
    case WhoColumn:
        return tr("Who");
    case ActionColumn:
        return tr("Action");
    case ChangeColumn:
        return tr("Old → new");
    default:
        return {};
    }
}

void FlagHistoryModel::setChanges(const QList<Api::FlagChange> &changes)
{
    beginResetModel();
    m_changes = changes;
    endResetModel();
}

void FlagHistoryModel::appendChanges(const QList<Api::FlagChange> &changes)
{
    if (changes.isEmpty())
        return;
    const int first = int(m_changes.size());
    beginInsertRows({}, first, first + int(changes.size()) - 1);
    m_changes.append(changes);
    endInsertRows();
}
