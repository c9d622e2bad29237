#pragma once

#include <QAbstractTableModel>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPointF>
#include <QSet>
#include <QString>

// The draft of a new seating plan in the plan editor (issue 17): its sections,
// one table row each, the seats marked accessible / restricted view / aisle and
// the seats moved by hand, and the POST /admin/plans body they make
// (docs/seating.md).
//
// A section is sent in the compact generated form ({"rows": N,
// "seats_per_row": M, ...}) unless one of its seats was moved: then it goes
// explicit, every row and seat written out with its x/y. Marks and moves are
// kept by (row index from the front, seat number), not by label, so changing a
// section's first_row relabels its seats without losing them. Seat positions
// stay their numbers: moving a seat changes where it is drawn, not which seats
// are side by side. Lives in the GUI thread.
class PlanEditorModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column
    {
        NameColumn,
        CategoryColumn,
        RowsColumn,
        SeatsPerRowColumn,
        FirstRowColumn,
        CurvedColumn,
        RankColumn, // empty: the section's place in the plan
        ColumnCount,
    };
    enum class Mark
    {
        Accessible,
        RestrictedView,
        Aisle,
    };

    // One seat as the preview draws it and the plan will hold it.
    struct Seat
    {
        int section = 0;
        int rowIndex = 0; // from the section's front row
        int number = 0;
        QString row;   // "A"
        QString label; // "A-1"
        double x = 0;  // seat widths, as the server places it
        double y = 0;
        bool accessible = false;
        bool restrictedView = false;
        bool aisle = false;
        bool moved = false;
    };

    explicit PlanEditorModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role = Qt::EditRole) override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    // A new section after the others ("Section 2", standard, 5 x 10, its rows
    // lettered after the previous section's so labels stay unique).
    int addSection();
    void removeSection(int section);

    // Every seat of the draft, sections in order, rows from the front.
    QList<Seat> seats() const;
    int seatCount() const;

    void setMark(const QList<QPair<int, qint64>> &seats, Mark mark, bool on);
    // Seats by (section, seatKey()); `delta` in seat widths, added to any earlier move.
    void moveSeats(const QList<QPair<int, qint64>> &seats, const QPointF &delta);
    bool isExplicit(int section) const { return !m_sections.at(section).moved.isEmpty(); }
    // Gives `rowIndex` of `section` the letters `letters` by changing the
    // section's first_row (rows stay consecutive). Empty on success, else why not.
    QString renameRow(int section, int rowIndex, const QString &letters);

    static qint64 seatKey(int rowIndex, int number) { return qint64(rowIndex) << 32 | number; }
    static QString rowLetters(int index);
    // -1 for anything but 1-3 letters A-Z.
    static int rowIndexOf(const QString &letters);

    // The first thing the server would refuse that can be told here ("" when none).
    QString validate(const QString &planName) const;
    // The POST /admin/plans body.
    QJsonObject toJson(const QString &planName) const;

signals:
    // Seats were added, removed, marked or moved: the preview draws them again.
    void seatsChanged();

private:
    struct Section
    {
        QString name;
        QString category = QStringLiteral("standard");
        int rows = 5;
        int seatsPerRow = 10;
        QString firstRow; // empty: "A"
        bool curved = false;
        int rank = -1; // -1: not sent
        QSet<qint64> accessible;
        QSet<qint64> restrictedView;
        QSet<qint64> aisle;
        QHash<qint64, QPointF> moved; // seatKey -> offset from the generated place
    };

    QSet<qint64> &marks(Section &section, Mark mark);
    QJsonObject sectionJson(int index, const QList<Seat> &seats) const;
    int lastRowIndex(int section) const;

    QList<Section> m_sections;
};
