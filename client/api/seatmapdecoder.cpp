#include "seatmapdecoder.h"

#include "apierror.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <limits>
#include <optional>

namespace SeatMapDecoder {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("SeatMapDecoder", text);
}

DomainError badResponse(const QString &message)
{
    return ApiError::make(ApiError::Kind::BadResponse, message);
}

Result<QJsonObject> parseObject(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badResponse(tr("malformed JSON (%1)").arg(parseError.errorString()));
    if (!document.isObject())
        return badResponse(tr("expected a JSON object"));
    return document.object();
}

// A whole number of at least `minimum` (JSON numbers are doubles), else nullopt.
std::optional<qint64> whole(const QJsonValue &value, qint64 minimum)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (number < double(minimum) || number != std::floor(number) ||
        number > double(std::numeric_limits<qint64>::max()))
        return std::nullopt;
    return qint64(number);
}

// A flag the server writes only when true: absent is false, anything but a bool is wrong.
std::optional<bool> flag(const QJsonObject &seat, QLatin1String key)
{
    const QJsonValue value = seat.value(key);
    if (value.isUndefined())
        return false;
    if (!value.isBool())
        return std::nullopt;
    return value.toBool();
}

std::optional<QString> text(const QJsonObject &seat, QLatin1String key)
{
    const QJsonValue value = seat.value(key);
    if (!value.isString())
        return std::nullopt;
    return value.toString();
}

Result<Api::Seat> seatFrom(const QJsonValue &value)
{
    const QJsonObject object = value.toObject();
    const auto id = whole(object.value(QLatin1String("id")), 1);
    const auto label = text(object, QLatin1String("label"));
    const auto state = Api::seatStateFromName(object.value(QLatin1String("state")).toString());
    const QJsonValue x = object.value(QLatin1String("x"));
    const QJsonValue y = object.value(QLatin1String("y"));
    if (!value.isObject() || !id || !label || label->isEmpty() || !state || !x.isDouble() ||
        !y.isDouble())
        return badResponse(tr("a seat without id, label, x, y or a known state"));
    Api::Seat seat;
    seat.id = *id;
    seat.label = *label;
    seat.state = *state;
    seat.x = x.toDouble();
    seat.y = y.toDouble();
    seat.section = text(object, QLatin1String("section")).value_or(QString());
    seat.category = text(object, QLatin1String("category")).value_or(QString());
    seat.row = text(object, QLatin1String("row")).value_or(QString());
    seat.number = int(whole(object.value(QLatin1String("number")), 0).value_or(0));
    const auto accessible = flag(object, QLatin1String("accessible"));
    const auto restrictedView = flag(object, QLatin1String("restricted_view"));
    const auto aisle = flag(object, QLatin1String("aisle"));
    if (!accessible || !restrictedView || !aisle)
        return badResponse(tr("seat %1 has a flag that is not true or false").arg(seat.label));
    seat.accessible = *accessible;
    seat.restrictedView = *restrictedView;
    seat.aisle = *aisle;
    return seat;
}

} // namespace

Result<Api::SeatMap> seatMap(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    const auto showId = whole(object->value(QLatin1String("show_id")), 1);
    const QJsonValue seats = object->value(QLatin1String("seats"));
    if (!showId || !seats.isArray())
        return badResponse(tr("not a seat map"));
    Api::SeatMap map;
    map.showId = *showId;
    map.planId = whole(object->value(QLatin1String("plan_id")), 0).value_or(0);
    const QJsonArray list = seats.toArray();
    map.seats.reserve(list.size());
    for (const QJsonValue &value : list) {
        auto seat = seatFrom(value);
        if (!seat)
            return seat.error();
        map.counts.add(seat->state, 1);
        map.seats.append(*seat);
    }
    return map;
}

Result<Api::SeatBlocksResult> seatBlocks(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    const auto showId = whole(object->value(QLatin1String("show_id")), 1);
    const auto total = whole(object->value(QLatin1String("total_seats")), 0);
    if (!showId || !total)
        return badResponse(tr("not an answer to a seat block"));
    Api::SeatBlocksResult result;
    result.showId = *showId;
    result.totalSeats = int(*total);
    result.blockedSeats = int(whole(object->value(QLatin1String("blocked_seats")), 0).value_or(0));
    result.availableSeats =
        int(whole(object->value(QLatin1String("available_seats")), 0).value_or(0));
    return result;
}

Result<QList<Api::SeatStateChange>> seatChanges(const QJsonValue &list)
{
    if (!list.isArray())
        return badResponse(tr("seats is not a list"));
    QList<Api::SeatStateChange> changes;
    const QJsonArray array = list.toArray();
    changes.reserve(array.size());
    for (const QJsonValue &item : array) {
        const QJsonObject object = item.toObject();
        const auto id = whole(object.value(QLatin1String("id")), 1);
        const auto state = Api::seatStateFromName(object.value(QLatin1String("state")).toString());
        if (!id || !state)
            return badResponse(tr("a seat change without an id or a known state"));
        changes.append({*id, *state});
    }
    return changes;
}

namespace {

std::optional<Api::PlanSummary> planSummary(const QJsonObject &object)
{
    const auto id = whole(object.value(QLatin1String("id")), 1);
    const auto seats = whole(object.value(QLatin1String("seat_count")), 0);
    const QJsonValue name = object.value(QLatin1String("name"));
    if (!id || !seats || !name.isString())
        return std::nullopt;
    Api::PlanSummary plan;
    plan.id = *id;
    plan.name = name.toString();
    plan.seatCount = int(*seats);
    plan.sectionCount = int(whole(object.value(QLatin1String("section_count")), 0).value_or(0));
    return plan;
}

} // namespace

Result<QList<Api::PlanSummary>> planSummaries(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    const QJsonValue list = object->value(QLatin1String("plans"));
    if (!list.isArray())
        return badResponse(tr("not a list of plans"));
    QList<Api::PlanSummary> plans;
    for (const QJsonValue &entry : list.toArray()) {
        const auto plan = planSummary(entry.toObject());
        if (!plan)
            return badResponse(tr("a plan without an id, name or seat count"));
        plans.append(*plan);
    }
    return plans;
}

Result<Api::PlanSummary> createdPlan(const QByteArray &body)
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    auto plan = planSummary(*object);
    if (!plan)
        return badResponse(tr("not an answer to a new plan"));
    plan->sectionCount = int(object->value(QLatin1String("sections")).toArray().size());
    return *plan;
}

} // namespace SeatMapDecoder
