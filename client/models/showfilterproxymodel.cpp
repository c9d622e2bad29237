#include "showfilterproxymodel.h"

#include "showsmodel.h"

ShowFilterProxyModel::ShowFilterProxyModel(QObject *parent) : QSortFilterProxyModel(parent)
{
    setSortRole(ShowsModel::SortRole);
    // Rows whose numbers change on refresh move to their sorted place at once.
    setDynamicSortFilter(true);
}

void ShowFilterProxyModel::setNameFilter(const QString &text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_name)
        return;
    m_name = trimmed;
    invalidateFilter();
}

void ShowFilterProxyModel::setDateFilter(std::optional<QDate> date)
{
    if (date == m_date)
        return;
    m_date = date;
    invalidateFilter();
}

void ShowFilterProxyModel::setHideCancelled(bool hide)
{
    if (hide == m_hideCancelled)
        return;
    m_hideCancelled = hide;
    invalidateFilter();
}

bool ShowFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *shows = qobject_cast<const ShowsModel *>(sourceModel());
    if (!shows || sourceParent.isValid())
        return true;
    const Show &show = shows->showAt(sourceRow);
    if (m_hideCancelled && show.isCancelled())
        return false;
    if (!m_name.isEmpty() && !show.name.contains(m_name, Qt::CaseInsensitive))
        return false;
    if (m_date && show.startTime.toLocalTime().date() != *m_date)
        return false;
    return true;
}

bool ShowFilterProxyModel::lessThan(const QModelIndex &left, const QModelIndex &right) const
{
    const QVariant a = left.data(sortRole());
    const QVariant b = right.data(sortRole());
    const QPartialOrdering order = QVariant::compare(a, b);
    if (order == QPartialOrdering::Less)
        return true;
    if (order == QPartialOrdering::Greater)
        return false;
    // Equal keys: fall back to start time so the order is stable across refreshes.
    const QModelIndex leftStart = left.siblingAtColumn(ShowsModel::StartColumn);
    const QModelIndex rightStart = right.siblingAtColumn(ShowsModel::StartColumn);
    return leftStart.data(sortRole()).toDateTime() < rightStart.data(sortRole()).toDateTime();
}
