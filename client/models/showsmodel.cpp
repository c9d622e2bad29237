#include "showsmodel.h"

#include <QBrush>
#include <QFont>
#include <QLocale>
#include <QPalette>
#include <QSet>

#include <algorithm>

namespace {
bool sameShow(const Show &a, const Show &b)
{
    return a.id == b.id && a.name == b.name && a.startTime == b.startTime &&
           a.totalSeats == b.totalSeats && a.reservedSeats == b.reservedSeats &&
           a.heldSeats == b.heldSeats && a.soldSeats == b.soldSeats && a.status == b.status &&
           a.seatingPlanId == b.seatingPlanId;
}
} // namespace

ShowsModel::ShowsModel(QObject *parent) : QAbstractTableModel(parent) {}

int ShowsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_shows.size());
}

int ShowsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ShowsModel::formatStart(const QDateTime &start)
{
    return QLocale().toString(start.toLocalTime(), QStringLiteral("ddd d MMM yyyy  HH:mm"));
}

QVariant ShowsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Show &show = m_shows.at(index.row());
    switch (role) {
    case ShowIdRole:
        return show.id;
    case TotalSeatsRole:
        return show.totalSeats;
    case AvailableSeatsRole:
        return show.availableSeats();
    case HeldSeatsRole:
        return show.heldSeats;
    case SoldSeatsRole:
        return show.soldSeats;
    case CancelledRole:
        return show.isCancelled();
    case Qt::ForegroundRole:
        if (show.isCancelled())
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        return {};
    case Qt::FontRole:
        if (show.isCancelled() && index.column() == NameColumn) {
            QFont font;
            font.setStrikeOut(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        if (index.column() >= CapacityColumn && index.column() <= AvailableColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ToolTipRole:
        if (show.isCancelled())
            return tr("%1 was cancelled").arg(show.name);
        return tr("%1: %2 of %3 seats available (%4 held, %5 sold)")
            .arg(show.name)
            .arg(show.availableSeats())
            .arg(show.totalSeats)
            .arg(show.heldSeats)
            .arg(show.soldSeats);
    default:
        break;
    }
    if (role != Qt::DisplayRole && role != SortRole)
        return {};

    const bool display = role == Qt::DisplayRole;
    switch (index.column()) {
    case NameColumn:
        return display ? show.name : show.name.toCaseFolded();
    case StartColumn:
        return display ? QVariant(formatStart(show.startTime)) : QVariant(show.startTime);
    case CapacityColumn:
        return show.totalSeats;
    case HeldColumn:
        return show.heldSeats;
    case SoldColumn:
        return show.soldSeats;
    case AvailableColumn:
        return show.availableSeats();
    case AvailabilityColumn:
        if (show.isCancelled())
            return display ? tr("Cancelled") : QVariant(-1.0);
        if (!display)
            return show.totalSeats > 0 ? double(show.availableSeats()) / show.totalSeats : 0.0;
        return show.availableSeats() == 0 ? tr("Sold out") : QString();
    default:
        return {};
    }
}

QVariant ShowsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case NameColumn:
        return tr("Show");
    case StartColumn:
        return tr("Starts");
    case CapacityColumn:
        return tr("Capacity");
    case HeldColumn:
        return tr("Held");
    case SoldColumn:
        return tr("Sold");
    case AvailableColumn:
        return tr("Available");
    case AvailabilityColumn:
        return tr("Availability");
    default:
        return {};
    }
}

void ShowsModel::setShows(const QList<Show> &shows)
{
    QSet<qint64> incoming;
    qint64 newestListed = 0;
    for (const Show &show : shows) {
        incoming.insert(show.id);
        newestListed = std::max(newestListed, show.version);
    }

    // Remove from the bottom so the row numbers still to visit stay valid. Shows are
    // never deleted, so one missing from the list is one created after it was read, if
    // its version says so (pushed meanwhile): that one stays.
    for (int row = int(m_shows.size()) - 1; row >= 0; --row) {
        const Show &held = m_shows.at(row);
        if (!incoming.contains(held.id) && (held.version == 0 || held.version <= newestListed)) {
            beginRemoveRows({}, row, row);
            m_shows.removeAt(row);
            endRemoveRows();
        }
    }
    for (const Show &show : shows)
        upsertShow(show);
    emit showsReplaced();
}

void ShowsModel::upsertShow(const Show &show)
{
    const int row = rowOfShow(show.id);
    if (row < 0) {
        const int end = int(m_shows.size());
        beginInsertRows({}, end, end);
        m_shows.append(show);
        endInsertRows();
        return;
    }
    if (show.version < m_shows.at(row).version)
        return; // an answer read before a change we already have
    Show incoming = show;
    // A show's plan is fixed when it is made, but a live-push show event does not
    // carry it: what an answer once said stays.
    if (incoming.seatingPlanId == 0)
        incoming.seatingPlanId = m_shows.at(row).seatingPlanId;
    if (sameShow(m_shows.at(row), incoming)) {
        m_shows[row].version = incoming.version;
        return;
    }
    m_shows[row] = incoming;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    emit showChanged(incoming);
}

bool ShowsModel::applyPushedShow(const Show &show)
{
    const int row = rowOfShow(show.id);
    if (row >= 0 && show.version <= m_shows.at(row).version)
        return false;
    upsertShow(show);
    return true;
}

void ShowsModel::forgetVersions()
{
    for (Show &show : m_shows)
        show.version = 0;
}

std::optional<Show> ShowsModel::showById(qint64 id) const
{
    const int row = rowOfShow(id);
    if (row < 0)
        return std::nullopt;
    return m_shows.at(row);
}

int ShowsModel::rowOfShow(qint64 id) const
{
    for (int row = 0; row < m_shows.size(); ++row) {
        if (m_shows.at(row).id == id)
            return row;
    }
    return -1;
}
