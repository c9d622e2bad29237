#include "auditmodel.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>

namespace {
QString compact(const QJsonValue &value)
{
    if (!value.isObject())
        return QStringLiteral("—");
    return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}
} // namespace

AuditModel::AuditModel(QObject *parent) : QAbstractTableModel(parent) {}

int AuditModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString AuditModel::describeChange(const Api::AuditEntry &entry)
{
    if (!entry.before.isObject() && !entry.after.isObject())
        return QString();
    return compact(entry.before) + QStringLiteral(" → ") + compact(entry.after);
}

QVariant AuditModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_entries.size())
        return {};
    const Api::AuditEntry &entry = m_entries.at(index.row());
    if (role == Qt::ToolTipRole && index.column() == ChangeColumn)
        return describeChange(entry);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case WhenColumn:
        return QLocale().toString(entry.at.toLocalTime(), QLocale::ShortFormat);
    case ActorColumn:
        return entry.actor;
    case RoleColumn:
        return entry.actorRole;
    case ActionColumn:
        return entry.action;
    case TargetColumn:
        if (entry.targetType.isEmpty())
            return QString();
        return entry.targetId.isEmpty() ? entry.targetType
                                        : entry.targetType + QLatin1Char(':') + entry.targetId;
    case ChangeColumn:
        return describeChange(entry);
    case AddressColumn:
        return entry.clientAddress;
    case RequestColumn:
        return entry.requestId;
    default:
        return {};
    }
}

QVariant AuditModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case WhenColumn:
        return tr("When");
    case ActorColumn:
        return tr("Who");
    case RoleColumn:
        return tr("Role");
    case ActionColumn:
        return tr("Action");
    case TargetColumn:
        return tr("Target");
    case ChangeColumn:
        return tr("Change");
    case AddressColumn:
        return tr("From");
    case RequestColumn:
        return tr("Request");
    default:
        return {};
    }
}

void AuditModel::setEntries(const QList<Api::AuditEntry> &entries)
{
    beginResetModel();
    m_entries = entries;
    endResetModel();
}

void AuditModel::appendEntries(const QList<Api::AuditEntry> &entries)
{
    if (entries.isEmpty())
        return;
    const int first = int(m_entries.size());
    beginInsertRows({}, first, first + int(entries.size()) - 1);
    m_entries += entries;
    endInsertRows();
}
