#pragma once

#include "salestypes.h"

// A walk-in sale as the sell answer has it: 2 adults at 12.50 and a child at
// 7.50 for 32.50 EUR, paid in cash with 50.00 tendered and 17.50 change.
inline Api::SaleBooking sampleCashSale()
{
    Api::SaleBooking sale;
    sale.booking.id = 41;
    sale.booking.reference = QStringLiteral("K7M2X9QD");
    sale.booking.showId = 7;
    sale.booking.userName = QStringLiteral("Walk-in");
    sale.booking.seats = 3;
    sale.booking.status = Booking::Status::Confirmed;
    sale.currency = QStringLiteral("EUR");
    sale.lines = {{7, QStringLiteral("adult"), QStringLiteral("Adult"), 1250, 2, 0},
                  {8, QStringLiteral("child"), QStringLiteral("Child"), 750, 1, 0}};
    sale.total = Api::totalOf(sale.lines);
    Api::Payment payment;
    payment.id = 3;
    payment.method = QStringLiteral("cash");
    payment.amount = sale.total;
    payment.tendered = 5000;
    payment.change = 5000 - sale.total;
    payment.shiftId = 12;
    payment.at = QDateTime(QDate(2026, 12, 3), QTime(17, 0), Qt::UTC);
    sale.payments = {payment};
    sale.paid = sale.total;
    return sale;
}
