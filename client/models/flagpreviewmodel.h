#pragma once

#include "flagtypes.h"

#include <QAbstractTableModel>

// The subjects of a flag preview (POST /admin/flags/:key/preview): each with
// its bucket, inside or outside the rollout, and the value it would get.
// Lives in the GUI thread.
class FlagPreviewModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        SubjectColumn,
        BucketColumn,
        InsideColumn,
        ValueColumn,
        ColumnCount
    };

    explicit FlagPreviewModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setPreview(const Api::FlagPreview &preview);
    const Api::FlagPreview &preview() const { return m_preview; }

private:
    Api::FlagPreview m_preview;
};
