#pragma once

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

// A clerk's shift at the till (issue 18): opened with a float, closed with the
// cash counted, and its report. Amounts are whole minor units (see Money).
namespace Api {

struct Shift
{
    qint64 id = 0;
    QString clerk;
    bool open = true; // "status": "open" | "closed"
    QDateTime openedAt;
    QDateTime closedAt;
    qint64 openingFloat = 0;
    std::optional<qint64> countedCash; // once closed
};

// One payment method's money over a shift.
struct ShiftTakings
{
    QString method;
    qint64 payments = 0;
    qint64 refunds = 0;
    qint64 net = 0;
};

// One ticket category's sales over a shift.
struct CategorySales
{
    QString category;
    QString name;
    int sold = 0;
    int refunded = 0;
    qint64 amount = 0;
};

// GET /shifts/:id/report, and the answer of closing a shift.
struct ShiftReport
{
    Shift shift;
    QString currency;
    QList<ShiftTakings> takings;
    QList<CategorySales> categories;
    int ticketsSold = 0;
    int ticketsRefunded = 0;
    qint64 expectedCash = 0;           // opening float + cash payments − cash refunds
    std::optional<qint64> countedCash; // while open: none
    std::optional<qint64> difference;  // counted − expected
};

} // namespace Api
