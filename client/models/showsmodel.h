#pragma once

#include "show.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

// The shows the server knows, one row per show, as the table at the counter and
// in admin shows them. setShows() merges a fresh list in place (rows update,
// appear and vanish individually) so selections and scroll positions survive
// the periodic refresh. Lives in the GUI thread.
class ShowsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        StartColumn,
        CapacityColumn,
        HeldColumn,
        SoldColumn,
        AvailableColumn,
        AvailabilityColumn,
        ColumnCount
    };
    enum Role
    {
        SortRole = Qt::UserRole + 1, // raw value to sort by (QDateTime, int, QString)
        ShowIdRole,
        TotalSeatsRole,
        AvailableSeatsRole,
        HeldSeatsRole,
        SoldSeatsRole,
        CancelledRole,
    };

    explicit ShowsModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void setShows(const QList<Show> &shows);
    void upsertShow(const Show &show);

    const Show &showAt(int row) const { return m_shows.at(row); }
    std::optional<Show> showById(qint64 id) const;
    int rowOfShow(qint64 id) const;

    // Start times in local time, the way staff read them.
    static QString formatStart(const QDateTime &start);

signals:
    void showsReplaced(); // after every setShows(), changed or not

private:
    QList<Show> m_shows;
};
