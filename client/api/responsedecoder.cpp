#include "responsedecoder.h"

#include "apierror.h"
#include "jsonbody.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

namespace ResponseDecoder {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ResponseDecoder", text);
}

using JsonBody::badResponse;
using JsonBody::parseArray;
using JsonBody::parseObject;

template <typename T, typename Decode>
Result<QList<T>> listFrom(const QByteArray &body, Decode decode)
{
    const auto array = parseArray(body);
    if (!array)
        return array.error();
    return JsonBody::listOf<T>(*array, decode);
}

// A positive whole number under `key`, else nothing.
std::optional<int> positiveInt(const QJsonObject &object, QLatin1String key)
{
    const auto number = JsonBody::wholeNumber(object.value(key), 1);
    if (!number || *number > std::numeric_limits<int>::max())
        return std::nullopt;
    return int(*number);
}

} // namespace

Result<Show> showFrom(const QJsonObject &object)
{
    if (auto parsed = Show::fromJson(object))
        return *parsed;
    return badResponse(tr("not a show"));
}

Result<Booking> bookingFrom(const QJsonObject &object)
{
    if (auto parsed = Booking::fromJson(object))
        return *parsed;
    return badResponse(tr("not a booking"));
}

Result<Show> show(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    return showFrom(*object);
}

Result<QList<Show>> shows(const QByteArray &body)
{
    return listFrom<Show>(body, showFrom);
}

Result<Booking> booking(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    return bookingFrom(*object);
}

Result<QList<Booking>> bookings(const QByteArray &body)
{
    return listFrom<Booking>(body, bookingFrom);
}

Result<ShowCancellation> showCancellation(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    const auto show = showFrom(object->value(QLatin1String("show")).toObject());
    if (!show)
        return show.error();
    const QJsonValue count = object->value(QLatin1String("cancelled_bookings"));
    if (!count.isDouble())
        return badResponse(tr("cancelled_bookings missing"));
    return ShowCancellation{*show, count.toInt()};
}

Result<HealthStatus> health(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    return HealthStatus{object->value(QLatin1String("status")).toString(),
                        object->value(QLatin1String("database")).toString()};
}

Result<ServerConfig> config(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    ServerConfig config;
    const auto holdSeconds = positiveInt(*object, QLatin1String("hold_seconds"));
    const auto maxSeats = positiveInt(*object, QLatin1String("max_seats_per_booking"));
    if (!holdSeconds || !maxSeats)
        return badResponse(tr("not a server configuration"));
    config.holdSeconds = *holdSeconds;
    config.maxSeatsPerBooking = *maxSeats;
    const auto optional = [&](const char *key, int &field) {
        if (const auto value = positiveInt(*object, QLatin1String(key)))
            field = *value;
    };
    optional("max_user_name_length", config.maxUserNameLength);
    optional("max_show_name_length", config.maxShowNameLength);
    optional("max_total_seats", config.maxTotalSeats);
    optional("max_idempotency_key_length", config.maxIdempotencyKeyLength);
    optional("reference_length", config.referenceLength);
    config.version = object->value(QLatin1String("version")).toString();
    // Missing on a server from before issue 18, which sells nothing.
    config.currency = object->value(QLatin1String("currency")).toString();
    // Missing on a server from before issue 12: nothing is paused there.
    const QJsonValue paused = object->value(QLatin1String("sales_paused"));
    const QJsonValue pausedShows = object->value(QLatin1String("paused_show_ids"));
    if (!(paused.isBool() || paused.isUndefined()) ||
        !(pausedShows.isArray() || pausedShows.isUndefined()))
        return badResponse(tr("not a server configuration"));
    config.salesPaused = paused.toBool();
    for (const QJsonValue &id : pausedShows.toArray()) {
        if (!id.isDouble() || id.toDouble() < 1 || id.toDouble() != std::floor(id.toDouble()))
            return badResponse(tr("not a server configuration"));
        config.pausedShowIds.append(id.toInteger());
    }
    std::sort(config.pausedShowIds.begin(), config.pausedShowIds.end());
    return config;
}

DomainError error(int httpStatus, const QByteArray &body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    const auto code = errorCodeFromName(object.value(QLatin1String("code")).toString());
    if (!code) {
        // A proxy's HTML page or a crashed handler: keep the status, it is all we know.
        DomainError unknown =
            ApiError::make(ApiError::Kind::BadResponse,
                           tr("HTTP %1 without an error code").arg(httpStatus), httpStatus);
        // A code this client does not know yet (a newer server): kept for ApiError::codeName().
        const QJsonValue name = object.value(QLatin1String("code"));
        if (name.isString())
            unknown.details.insert(QLatin1String("code"), name);
        return unknown;
    }
    DomainError result{*code, object.value(QLatin1String("error")).toString(), object};
    result.details.remove(QLatin1String("error"));
    result.details.remove(QLatin1String("code"));
    result.details.insert(QLatin1String("http_status"), httpStatus);
    if (result.message.isEmpty())
        result.message = errorCodeName(*code);
    return result;
}

} // namespace ResponseDecoder
