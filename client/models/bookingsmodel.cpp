#include "bookingsmodel.h"

#include <QFontDatabase>
#include <QLocale>

namespace {
QString localTime(const QDateTime &time)
{
    return time.isValid() ? QLocale().toString(time.toLocalTime(), QStringLiteral("d MMM HH:mm:ss"))
                          : QString();
}
} // namespace

BookingsModel::BookingsModel(QObject *parent) : QAbstractTableModel(parent) {}

int BookingsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_bookings.size());
}

int BookingsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString BookingsModel::statusText(Booking::Status status)
{
    switch (status) {
    case Booking::Status::Pending:
        return tr("Held");
    case Booking::Status::Confirmed:
        return tr("Confirmed");
    case Booking::Status::Expired:
        return tr("Expired");
    case Booking::Status::Cancelled:
        return tr("Cancelled");
    }
    return {};
}

QVariant BookingsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Booking &booking = m_bookings.at(index.row());
    if (role == Qt::FontRole && index.column() == ReferenceColumn)
        return QFontDatabase::systemFont(QFontDatabase::FixedFont);
    if (role == Qt::TextAlignmentRole && index.column() == SeatsColumn)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case ReferenceColumn:
        return booking.reference;
    case CustomerColumn:
        return booking.userName;
    case SeatsColumn:
        if (!booking.seatLabels.isEmpty())
            return booking.seatLabels.join(QStringLiteral(", "));
        return booking.seats;
    case StatusColumn:
        return statusText(booking.status);
    case CreatedColumn:
        return localTime(booking.createdAt);
    case SettledColumn:
        switch (booking.status) {
        case Booking::Status::Pending:
            return tr("expires %1").arg(localTime(booking.expiresAt));
        case Booking::Status::Confirmed:
            return localTime(booking.confirmedAt);
        case Booking::Status::Cancelled:
            return localTime(booking.cancelledAt);
        case Booking::Status::Expired:
            return localTime(booking.expiresAt);
        }
        return {};
    default:
        return {};
    }
}

QVariant BookingsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ReferenceColumn:
        return tr("Reference");
    case CustomerColumn:
        return tr("Customer");
    case SeatsColumn:
        return tr("Seats");
    case StatusColumn:
        return tr("Status");
    case CreatedColumn:
        return tr("Created");
    case SettledColumn:
        return tr("Confirmed / ended");
    default:
        return {};
    }
}

void BookingsModel::setBookings(const QList<Booking> &bookings)
{
    beginResetModel();
    m_bookings = bookings;
    endResetModel();
}

void BookingsModel::appendBookings(const QList<Booking> &bookings)
{
    if (bookings.isEmpty())
        return;
    const int first = int(m_bookings.size());
    beginInsertRows({}, first, first + int(bookings.size()) - 1);
    m_bookings.append(bookings);
    endInsertRows();
}
