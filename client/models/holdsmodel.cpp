#include "holdsmodel.h"

#include <QBrush>
#include <QColor>
#include <QDateTime>
#include <QFont>
#include <QFontDatabase>
#include <QLocale>

#include <algorithm>
#include <limits>

namespace {
const QColor kAmber(0xff, 0xbf, 0x00);
const QColor kAmberText(0x3d, 0x2b, 0x00);
const QColor kExpiredText(0xb0, 0x20, 0x20);
} // namespace

HoldsModel::HoldsModel(QObject *parent)
    : QAbstractTableModel(parent), m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    m_timer.setSingleShot(true);
    m_timer.setTimerType(Qt::PreciseTimer);
    connect(&m_timer, &QTimer::timeout, this, &HoldsModel::tick);
}

void HoldsModel::setClock(Clock clock)
{
    m_clock = std::move(clock);
    tick();
}

void HoldsModel::setTicking(bool ticking)
{
    m_ticking = ticking;
    if (ticking)
        scheduleTick();
    else
        m_timer.stop();
}

int HoldsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_holds.size());
}

int HoldsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

HoldsModel::State HoldsModel::stateAt(int row) const
{
    const Hold &hold = m_holds.at(row);
    if (hold.state == State::Pending && remainingMs(row) <= 0)
        return State::Expired;
    return hold.state;
}

qint64 HoldsModel::remainingMs(int row) const
{
    const Booking &booking = m_holds.at(row).booking;
    if (!booking.expiresAt.isValid())
        return std::numeric_limits<qint64>::max();
    const qint64 remaining = booking.expiresAt.toMSecsSinceEpoch() - m_clock();
    // A hold never has more time left than it was given; an offset estimate that is
    // still half a second uncertain must not show "02:01" for a 2-minute hold.
    if (booking.createdAt.isValid())
        return std::min(remaining, booking.createdAt.msecsTo(booking.expiresAt));
    return remaining;
}

QVariant HoldsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const int row = index.row();
    const Hold &hold = m_holds.at(row);
    const qint64 remaining = remainingMs(row);
    const State state = stateAt(row);
    const Countdown::Urgency urgency =
        isSettled(state) ? Countdown::Urgency::Expired : Countdown::urgency(remaining);

    switch (role) {
    case BookingIdRole:
        return hold.booking.id;
    case UrgencyRole:
        return int(urgency);
    case RemainingMsRole:
        return remaining;
    case StateRole:
        return int(state);
    case Qt::DisplayRole:
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == SeatsColumn || index.column() == CountdownColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::FontRole:
        if (index.column() == ReferenceColumn || index.column() == CountdownColumn)
            return QFontDatabase::systemFont(QFontDatabase::FixedFont);
        return {};
    case Qt::BackgroundRole:
        if (index.column() == CountdownColumn && urgency == Countdown::Urgency::Warning)
            return QBrush(kAmber);
        return {};
    case Qt::ForegroundRole:
        if (index.column() == CountdownColumn && urgency == Countdown::Urgency::Warning)
            return QBrush(kAmberText);
        if (urgency == Countdown::Urgency::Expired)
            return QBrush(kExpiredText);
        return {};
    case Qt::ToolTipRole: {
        QString seats = QString::number(hold.booking.seats);
        if (!hold.booking.seatLabels.isEmpty())
            seats +=
                QStringLiteral(" (%1)").arg(hold.booking.seatLabels.join(QStringLiteral(", ")));
        return tr("Hold %1 for %2, seats: %3, expires %4")
            .arg(hold.booking.reference, hold.booking.userName, seats,
                 QLocale().toString(hold.booking.expiresAt.toLocalTime(), QLocale::LongFormat));
    }
    default:
        return {};
    }

    switch (index.column()) {
    case ReferenceColumn:
        return hold.booking.reference;
    case CustomerColumn:
        return hold.booking.userName;
    case ShowColumn:
        return hold.showName;
    case SeatsColumn:
        // A seated hold names its seats; the count is in the tooltip.
        if (!hold.booking.seatLabels.isEmpty())
            return hold.booking.seatLabels.join(QStringLiteral(", "));
        return hold.booking.seats;
    case CountdownColumn:
        switch (state) {
        case State::Expired:
            return tr("Expired");
        case State::Confirmed:
            return tr("Confirmed");
        case State::Cancelled:
            return tr("Cancelled");
        case State::Confirming:
            return tr("Confirming…");
        case State::Cancelling:
            return tr("Cancelling…");
        case State::Pending:
            return Countdown::format(remaining);
        }
        return {};
    default:
        return {};
    }
}

QVariant HoldsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case ReferenceColumn:
        return tr("Reference");
    case CustomerColumn:
        return tr("Customer");
    case ShowColumn:
        return tr("Show");
    case SeatsColumn:
        return tr("Seats");
    case CountdownColumn:
        return tr("Time left");
    case ActionsColumn:
        return tr("Actions");
    default:
        return {};
    }
}

void HoldsModel::addHold(const Booking &booking, const QString &showName)
{
    if (rowOfBooking(booking.id) >= 0)
        return;
    beginInsertRows({}, 0, 0);
    m_holds.prepend({booking, showName, State::Pending});
    endInsertRows();
    scheduleTick();
}

void HoldsModel::removeHold(qint64 bookingId)
{
    const int row = rowOfBooking(bookingId);
    if (row < 0)
        return;
    beginRemoveRows({}, row, row);
    m_holds.removeAt(row);
    endRemoveRows();
}

void HoldsModel::setState(qint64 bookingId, State state)
{
    const int row = rowOfBooking(bookingId);
    if (row < 0 || m_holds.at(row).state == state)
        return;
    m_holds[row].state = state;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void HoldsModel::applyServerStatus(qint64 bookingId, Booking::Status status)
{
    const int row = rowOfBooking(bookingId);
    if (row < 0)
        return;
    const Hold &hold = m_holds.at(row);
    switch (status) {
    case Booking::Status::Pending:
        return;
    case Booking::Status::Confirmed:
        setState(bookingId, State::Confirmed);
        return;
    case Booking::Status::Cancelled:
        setState(bookingId, State::Cancelled);
        return;
    case Booking::Status::Expired:
        if (hold.state == State::Expired)
            return;
        // Said by the server, not seen on the clock: tell the listeners as the tick would.
        setState(bookingId, State::Expired);
        emit holdExpired(bookingId);
        return;
    }
}

QList<qint64> HoldsModel::bookingIds() const
{
    QList<qint64> ids;
    ids.reserve(m_holds.size());
    for (const Hold &hold : m_holds)
        ids.append(hold.booking.id);
    return ids;
}

int HoldsModel::removeExpired()
{
    int removed = 0;
    for (int row = int(m_holds.size()) - 1; row >= 0; --row) {
        if (isSettled(stateAt(row))) {
            beginRemoveRows({}, row, row);
            m_holds.removeAt(row);
            endRemoveRows();
            ++removed;
        }
    }
    return removed;
}

int HoldsModel::rowOfBooking(qint64 bookingId) const
{
    for (int row = 0; row < m_holds.size(); ++row) {
        if (m_holds.at(row).booking.id == bookingId)
            return row;
    }
    return -1;
}

void HoldsModel::tick()
{
    if (m_holds.isEmpty()) {
        m_timer.stop();
        emit ticked();
        return;
    }
    // Expiry is noticed here, once per hold, so views and the shows refresh hear of it.
    QList<qint64> expired;
    for (int row = 0; row < m_holds.size(); ++row) {
        Hold &hold = m_holds[row];
        if (hold.state == State::Pending && remainingMs(row) <= 0) {
            hold.state = State::Expired;
            expired.append(hold.booking.id);
        }
    }
    emit dataChanged(index(0, CountdownColumn), index(int(m_holds.size()) - 1, CountdownColumn));
    if (!expired.isEmpty()) {
        // The whole row greys out and its action buttons change.
        emit dataChanged(index(0, 0), index(int(m_holds.size()) - 1, ColumnCount - 1));
    }
    for (qint64 id : std::as_const(expired))
        emit holdExpired(id);
    emit ticked();
    scheduleTick();
}

void HoldsModel::scheduleTick()
{
    if (!m_ticking)
        return;
    qint64 wait = 1000;
    bool anyPending = false;
    for (int row = 0; row < m_holds.size(); ++row) {
        if (m_holds.at(row).state != State::Pending && m_holds.at(row).state != State::Confirming)
            continue;
        const qint64 remaining = remainingMs(row);
        if (remaining <= 0)
            continue;
        anyPending = true;
        wait = std::min(wait, Countdown::msUntilNextChange(remaining));
    }
    if (!anyPending) {
        m_timer.stop();
        return;
    }
    // A few ms late rather than early, or the text would not have changed yet.
    m_timer.start(int(wait) + 5);
}
