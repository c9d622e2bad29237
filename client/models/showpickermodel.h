#pragma once

#include <QIdentityProxyModel>

// Presents shows for a combo box: the name column reads
// "Hamlet · Sat 13 Dec 19:30 · 42 left", so staff pick the right performance of
// a show that runs on many days.
class ShowPickerModel : public QIdentityProxyModel
{
    Q_OBJECT
public:
    using QIdentityProxyModel::QIdentityProxyModel;

    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
};
