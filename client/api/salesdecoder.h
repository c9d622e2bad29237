#pragma once

#include "result.h"
#include "salestypes.h"
#include "shifttypes.h"

#include <QByteArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>

// Turns the sales bodies (issue 18) into Api values, on top of ResponseDecoder
// for the show and booking they extend. Fields a server without sales does not
// send read as what such a server means: no "categories" is one free standard
// category, no "total" is 0, no "lines" or "payments" is none. A field that is
// there but of the wrong shape is a BadResponse, as in every decoder.
namespace SalesDecoder {

// The "categories" of a show object; never empty.
Result<QList<Api::TicketCategory>> categories(const QJsonObject &show);
// GET /shows/:id with its categories.
Result<Api::PricedShow> pricedShowFrom(const QJsonObject &object);
Result<Api::PricedShow> pricedShow(const QByteArray &body);

// Any booking answer: book, get, confirm, cancel, sell.
Result<Api::SaleBooking> saleBookingFrom(const QJsonObject &object);
Result<Api::SaleBooking> saleBooking(const QByteArray &body);

Result<Api::Shift> shiftFrom(const QJsonObject &object);
Result<Api::Shift> shift(const QByteArray &body);
// GET /shifts: a bare array, or {"shifts": [...]}.
Result<QList<Api::Shift>> shiftsFrom(const QJsonValue &answer);
Result<QList<Api::Shift>> shifts(const QByteArray &body);
// GET /shifts/:id/report and POST /shifts/:id/close.
Result<Api::ShiftReport> shiftReportFrom(const QJsonObject &object);
Result<Api::ShiftReport> shiftReport(const QByteArray &body);

} // namespace SalesDecoder
