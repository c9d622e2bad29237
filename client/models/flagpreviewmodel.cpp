#include "flagpreviewmodel.h"

#include "jsontext.h"

#include <QBrush>
#include <QColor>

FlagPreviewModel::FlagPreviewModel(QObject *parent) : QAbstractTableModel(parent) {}

int FlagPreviewModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_preview.subjects.size());
}

int FlagPreviewModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant FlagPreviewModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Api::FlagPreview::Subject &subject = m_preview.subjects.at(index.row());
    if (role == Qt::ForegroundRole && index.column() == InsideColumn)
        return QBrush(subject.inside ? QColor(0x1d, 0x5a, 0x1d) : QColor(0x7a, 0x16, 0x16));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case SubjectColumn:
        return subject.subject;
    case BucketColumn:
        return subject.bucket ? QVariant(*subject.bucket) : QVariant(QString());
    case InsideColumn:
        return subject.inside ? tr("inside") : tr("outside");
    case ValueColumn:
        return subject.value.isNull() ? tr("(absent)") : JsonText::compact(subject.value);
    default:
        return {};
    }
}

QVariant FlagPreviewModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case SubjectColumn:
        return tr("Subject");
    case BucketColumn:
        return tr("Bucket");
    case InsideColumn:
        return tr("Rollout");
    case ValueColumn:
        return tr("Value");
    default:
        return {};
    }
}

void FlagPreviewModel::setPreview(const Api::FlagPreview &preview)
{
    beginResetModel();
    m_preview = preview;
    endResetModel();
}
