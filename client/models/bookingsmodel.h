#pragma once

#include "booking.h"

#include <QAbstractTableModel>
#include <QList>

// A page-by-page list of one show's bookings for the admin's bookings window.
class BookingsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        ReferenceColumn,
        CustomerColumn,
        SeatsColumn,
        StatusColumn,
        CreatedColumn,
        SettledColumn,
        ColumnCount
    };

    explicit BookingsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setBookings(const QList<Booking> &bookings);
    void appendBookings(const QList<Booking> &bookings);
    const Booking &bookingAt(int row) const { return m_bookings.at(row); }

    static QString statusText(Booking::Status status);

private:
    QList<Booking> m_bookings;
};
