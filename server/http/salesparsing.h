#pragma once

#include "booking/bookingservice.h"
#include "result.h"
#include "sales.h"
#include "sales/saleservice.h"
#include "sales/shiftservice.h"

#include <QJsonObject>
#include <QList>

#include <optional>

// Reads the sales fields of request bodies (issue 18): tickets, payment,
// refund, categories and shift_id. Shapes only (types, required parts); the
// services judge the rules. Absent fields are std::nullopt (or empty).
namespace SalesParsing {

// The optional seat_ids of a booking or cancel body: 1..maxSeats strings.
Result<QStringList> seatLabels(const QJsonObject &body, int maxSeats);
// "tickets": [{"category": "adult", "count": 2}, ...]; empty when absent.
Result<QList<BookingService::TicketRequest>> tickets(const QJsonObject &body, int maxSeats);
// "payment": {"method", "tendered"?, "reference"?}; nullopt when absent.
Result<std::optional<SaleService::PaymentCommand>> payment(const QJsonObject &body);
// "categories": [{"code", "name", "price"}, ...]; nullopt when absent.
Result<std::optional<QList<TicketCategory>>> categories(const QJsonObject &body);
// "shift_id": a positive id; 0 when absent.
Result<qint64> shiftId(const QJsonObject &body);
// The body of POST /bookings/:id/cancel: tickets or seat_ids, and refund.
Result<SaleService::CancelCommand> cancel(const QJsonObject &body, int maxSeats);

} // namespace SalesParsing
