#pragma once

#include "apitypes.h"
#include "result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

// Turns HTTP bodies into domain values. Everything that can go wrong with a
// body the server sent (not JSON, wrong shape, missing fields) ends here as an
// ApiError::Kind::BadResponse, so widgets never see raw JSON.
namespace ResponseDecoder {

Result<Show> show(const QByteArray &body);
// One show or booking object of a larger body (SalesDecoder reads the sales
// fields of the same objects).
Result<Show> showFrom(const QJsonObject &object);
Result<Booking> bookingFrom(const QJsonObject &object);
Result<QList<Show>> shows(const QByteArray &body);
Result<Booking> booking(const QByteArray &body);
Result<QList<Booking>> bookings(const QByteArray &body);
Result<ShowCancellation> showCancellation(const QByteArray &body);
Result<HealthStatus> health(const QByteArray &body);
// hold_seconds and max_seats_per_booking must be positive integers; a limit
// that is missing keeps its default (a server may not know all of them).
Result<ServerConfig> config(const QByteArray &body);

// The error an HTTP status >= 400 stands for: the server's code and text when
// the body follows the API's error shape, a BadResponse otherwise.
DomainError error(int httpStatus, const QByteArray &body);

} // namespace ResponseDecoder
