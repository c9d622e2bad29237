#pragma once

#include <QDate>
#include <QSortFilterProxyModel>

#include <optional>

// Filters ShowsModel by a piece of the name, a local calendar day and
// (optionally) hides cancelled shows; sorts by ShowsModel::SortRole so dates
// and numbers sort as values, not as text.
class ShowFilterProxyModel : public QSortFilterProxyModel
{
    Q_OBJECT
public:
    explicit ShowFilterProxyModel(QObject *parent = nullptr);

    QString nameFilter() const { return m_name; }
    std::optional<QDate> dateFilter() const { return m_date; }
    bool hidesCancelled() const { return m_hideCancelled; }

public slots:
    void setNameFilter(const QString &text);
    void setDateFilter(std::optional<QDate> date);
    void setHideCancelled(bool hide);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    QString m_name;
    std::optional<QDate> m_date;
    bool m_hideCancelled = false;
};
