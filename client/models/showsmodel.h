#pragma once

#include "show.h"

#include <QAbstractTableModel>
#include <QList>

#include <optional>

// The shows the server knows, one row per show, as the table at the counter and
// in admin shows them. setShows() merges a fresh list in place (rows update,
// appear and vanish individually) so selections and scroll positions survive
// the periodic refresh.
//
// Each row keeps the show's version (Show::version, its change-feed number):
// a state older than the one held is ignored, whether it comes from live push
// (applyPushedShow) or from GET /shows or another answer (setShows,
// upsertShow), so a list fetched before an event but answered after it cannot
// undo it. Lives in the GUI thread.
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
    // Takes `show` unless the row holds a newer version (equal: the same state, maybe
    // fuller, e.g. a fresh answer; taken).
    void upsertShow(const Show &show);
    // A live-push event: taken only if newer than what the row holds. True if taken.
    bool applyPushedShow(const Show &show);
    // Another server: its versions are not comparable with the ones held.
    void forgetVersions();

    const Show &showAt(int row) const { return m_shows.at(row); }
    std::optional<Show> showById(qint64 id) const;
    int rowOfShow(qint64 id) const;

    // Start times in local time, the way staff read them.
    static QString formatStart(const QDateTime &start);

signals:
    void showsReplaced(); // after every setShows(), changed or not
    // A row's content changed (not emitted for new rows or a version alone).
    void showChanged(const Show &show);

private:
    QList<Show> m_shows;
};
