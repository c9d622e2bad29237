#include "showseatscontroller.h"

#include "controllersupport.h"
#include "requestparsing.h"
#include "router.h"
#include "seating/seatingservice.h"

#include <QLocale>

using namespace ControllerSupport;

namespace {
// A JSON string of any text: quote, backslash and control characters escaped,
// the rest as UTF-8 (RFC 8259 needs no more).
void appendString(QByteArray &out, const QString &text)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out += '"';
    for (const char c : text.toUtf8()) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20) {
            out += "\\u00";
            out += kHex[byte >> 4];
            out += kHex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendNumber(QByteArray &out, double value)
{
    out += QByteArray::number(value, 'g', QLocale::FloatingPointShortest);
}

// The seat map, written straight into bytes rather than through a QJsonObject
// per seat: for 10 000 seats the whole request takes about 10 ms this way,
// while GET /plans/:id, the same seats through QJsonDocument, takes over 50.
// The flags appear only when true: most seats have none, and a map is sent
// often (a seat is about 120 bytes instead of 180).
QByteArray seatMapJson(const SeatingService::SeatMap &map)
{
    using State = SeatStateRepository::State;
    const SeatingPlan &plan = map.plan->plan;
    QList<QByteArray> sections; // ,"section":"…","category":"…" for each section
    for (const PlanSection &section : plan.sections) {
        QByteArray part = ",\"section\":";
        appendString(part, section.name);
        part += ",\"category\":";
        appendString(part, section.category);
        sections << part;
    }
    int counts[4] = {0, 0, 0, 0}; // by State
    QByteArray out;
    out.reserve(64 + plan.seats.size() * 150);
    out += "{\"show_id\":";
    out += QByteArray::number(map.showId);
    out += ",\"plan_id\":";
    out += QByteArray::number(plan.id);
    out += ",\"seats\":[";
    for (qsizetype i = 0; i < plan.seats.size(); ++i) {
        const PlanSeat &seat = plan.seats.at(i);
        const State state = map.stateOf(seat);
        ++counts[int(state)];
        if (i > 0)
            out += ',';
        out += "{\"id\":";
        out += QByteArray::number(seat.id);
        out += ",\"label\":";
        appendString(out, seat.label);
        out += sections.value(seat.section);
        out += ",\"row\":";
        appendString(out, seat.row);
        out += ",\"number\":";
        out += QByteArray::number(seat.number);
        out += ",\"x\":";
        appendNumber(out, seat.x);
        out += ",\"y\":";
        appendNumber(out, seat.y);
        out += ",\"state\":\"";
        out += SeatStateRepository::stateName(state).toLatin1();
        out += '"';
        if (seat.accessible)
            out += ",\"accessible\":true";
        if (seat.restrictedView)
            out += ",\"restricted_view\":true";
        if (seat.aisle)
            out += ",\"aisle\":true";
        out += '}';
    }
    out += "],\"counts\":{";
    for (const State state : {State::Free, State::Held, State::Sold, State::Blocked}) {
        if (state != State::Free)
            out += ',';
        out += '"';
        out += SeatStateRepository::stateName(state).toLatin1();
        out += "\":";
        out += QByteArray::number(counts[int(state)]);
    }
    out += "}}";
    return out;
}

// A list of seat labels in the body: absent or null is none.
Result<QStringList> labelsField(const QJsonObject &body, const QString &field)
{
    const QJsonValue value = body.value(field);
    if (value.isUndefined() || value.isNull())
        return QStringList();
    const auto wrong = [&field] {
        return Result<QStringList>::failure(
            ErrorCode::InvalidField,
            QStringLiteral("%1 must be an array of seat labels (strings).").arg(field),
            {{QStringLiteral("field"), field}});
    };
    if (!value.isArray())
        return wrong();
    const QJsonArray array = value.toArray();
    // Refused before the copy: the service's limit is on both lists together.
    if (array.size() > SeatingService::kMaxLabelsPerChange)
        return Result<QStringList>::failure(
            ErrorCode::OutOfRange,
            QStringLiteral("At most %1 seats can be blocked or unblocked in one change.")
                .arg(SeatingService::kMaxLabelsPerChange),
            {{QStringLiteral("field"), field}});
    QStringList labels;
    labels.reserve(array.size());
    for (const auto &label : array) {
        if (!label.isString())
            return wrong();
        labels << label.toString();
    }
    return labels;
}
} // namespace

void ShowSeatsController::registerRoutes(Router &router)
{
    using Method = QHttpServerRequest::Method;
    using Access = Router::Access;
    router.add(Method::Get, QStringLiteral("/shows/:id/seats"), Access::Public,
               action(this, &ShowSeatsController::seatMap));
    router.add(Method::Patch, QStringLiteral("/admin/shows/:id/seats"), Access::Admin,
               action(this, &ShowSeatsController::setBlocks));
}

QFuture<ApiResponse> ShowSeatsController::seatMap(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    return respond(
        m_executor, request,
        [id = *id](DatabaseSession &session) { return SeatingService(session).seatMap(id); },
        [](const SeatingService::SeatMap &map) {
            return ApiResponse{200, {}, seatMapJson(map)};
        });
}

QFuture<ApiResponse> ShowSeatsController::setBlocks(const ApiRequest &request)
{
    const auto id = RequestParsing::id(request.pathArguments.at(0));
    if (!id)
        return ready(id.error());
    const auto body = RequestParsing::jsonObject(request, false);
    if (!body)
        return ready(body.error());
    const auto block = labelsField(*body, QStringLiteral("block"));
    if (!block)
        return ready(block.error());
    const auto unblock = labelsField(*body, QStringLiteral("unblock"));
    if (!unblock)
        return ready(unblock.error());
    const SeatingService::BlockCommand command{*id, *block, *unblock};
    // Refused here, on the HTTP thread, so bad input never takes a queue slot.
    if (const auto error = SeatingService::check(command))
        return ready(*error);
    return respond(
        m_executor, request,
        [command, who = auditContext(request)](DatabaseSession &session) {
            return SeatingService(session).setBlocks(command, who);
        },
        [](const SeatingService::Blocked &blocked) {
            const ShowSeatsRepository::Capacity &capacity = blocked.capacity;
            return ApiResponse::json(
                200, QJsonObject{{QStringLiteral("show_id"), blocked.showId},
                                 {QStringLiteral("plan_id"), blocked.planId},
                                 {QStringLiteral("total_seats"), capacity.totalSeats},
                                 {QStringLiteral("blocked_seats"), capacity.blockedSeats()},
                                 {QStringLiteral("reserved_seats"), capacity.reservedSeats},
                                 {QStringLiteral("available_seats"), capacity.availableSeats()}});
        });
}
