#include "shiftreportrepository.h"

#include "db/sqlrunner.h"

#include <QMap>

namespace {
const QString kTakings = QStringLiteral(
    "SELECT method, coalesce(sum(amount) FILTER (WHERE kind = 'payment'), 0),"
    "       coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0)"
    "  FROM payments WHERE shift_id = ?::bigint GROUP BY method ORDER BY method");
// Tickets a shift sold: the lines of the bookings paid in it as they stood
// when paid (a booking is paid once, in full; tickets given back while it was
// still a hold were never sold). Refunded: what its refunds took back.
const QString kSold = QStringLiteral(
    "SELECT t.category, t.name, sum(t.sold), sum(t.sold * t.unit_price)"
    "  FROM (SELECT l.category, l.name, l.unit_price,"
    "               l.count - coalesce((SELECT sum(c.count) FROM line_cancellations c"
    "                                    WHERE c.line_id = l.id AND c.at < p.at), 0) AS sold"
    "          FROM payments p JOIN booking_lines l ON l.booking_id = p.booking_id"
    "         WHERE p.shift_id = ?::bigint AND p.kind = 'payment') t"
    " GROUP BY t.category, t.name");
const QString kRefunded = QStringLiteral(
    "SELECT l.category, l.name, sum(c.count), sum(c.count * l.unit_price)"
    "  FROM payments p JOIN line_cancellations c ON c.refund_id = p.id"
    "  JOIN booking_lines l ON l.id = c.line_id"
    " WHERE p.shift_id = ?::bigint AND p.kind = 'refund'"
    " GROUP BY l.category, l.name");
} // namespace

Result<bool> ShiftReportRepository::fill(ShiftReport &report)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kTakings, {report.shift.id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next())
        report.takings << ShiftReport::Takings{query->value(0).toString(),
                                               query->value(1).toLongLong(),
                                               query->value(2).toLongLong()};
    QMap<std::pair<QString, QString>, ShiftReport::CategoryLine> lines;
    for (const bool sold : {true, false}) {
        query = sql.exec(sold ? kSold : kRefunded, {report.shift.id}, SqlRunner::Kind::Read);
        if (!query)
            return sql.toDomainError();
        while (query->next()) {
            ShiftReport::CategoryLine &line =
                lines[{query->value(0).toString(), query->value(1).toString()}];
            line.category = query->value(0).toString();
            line.name = query->value(1).toString();
            (sold ? line.sold : line.refunded) = query->value(2).toLongLong();
            (sold ? line.soldAmount : line.refundedAmount) = query->value(3).toLongLong();
        }
    }
    for (const ShiftReport::CategoryLine &line : lines) {
        report.categories << line;
        report.ticketsSold += line.sold;
        report.ticketsRefunded += line.refunded;
    }
    return true;
}
