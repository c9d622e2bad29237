#pragma once

#include "result.h"
#include "sales.h"

#include <QHash>
#include <QList>

class DatabaseSession;

// The SQL of prices and money (sql/021): a show's ticket categories, and the
// lines and payments of bookings. The operations that move money are
// functions of their own (sql/022), run by SaleRepository.
class SalesRepository
{
public:
    struct Money
    {
        QList<BookingLine> lines;
        QList<Payment> payments;
    };

    explicit SalesRepository(DatabaseSession &session) : m_session(session) {}

    // The active categories of each show, in order (the first is its default).
    Result<QHash<qint64, QList<TicketCategory>>> categoriesOf(const QList<qint64> &showIds);
    // Replaces the show's price list (set_show_categories), in the caller's
    // transaction when there is one.
    Result<bool> setCategories(qint64 showId, const QList<TicketCategory> &categories);
    // Lines and payments of each booking, in id order: two statements for any number.
    Result<QHash<qint64, Money>> moneyOf(const QList<qint64> &bookingIds);
    // Lines from book_tickets_batch's JSON: [[id, category, name, unit_price, count, cancelled]].
    static QList<BookingLine> linesFromJson(const QString &json);

private:
    DatabaseSession &m_session;
};
