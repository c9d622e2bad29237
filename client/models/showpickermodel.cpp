#include "showpickermodel.h"

#include "showsmodel.h"

#include <QLocale>

QVariant ShowPickerModel::data(const QModelIndex &index, int role) const
{
    if (role != Qt::DisplayRole || index.column() != ShowsModel::NameColumn)
        return QIdentityProxyModel::data(index, role);
    const QString name = QIdentityProxyModel::data(index, role).toString();
    const QString start = index.siblingAtColumn(ShowsModel::StartColumn).data().toString();
    const int available = index.data(ShowsModel::AvailableSeatsRole).toInt();
    const QString seats = available > 0 ? tr("%n left", nullptr, available) : tr("sold out");
    return QStringLiteral("%1 · %2 · %3").arg(name, start, seats);
}
