#pragma once

#include "result.h"
#include "seatmaptypes.h"

#include <QByteArray>
#include <QJsonValue>
#include <QList>

// Turns the reserved-seating bodies into Api values, as ResponseDecoder does
// for shows and bookings: a body that does not fit (not JSON, a seat without
// an id, label, position or known state) is an ApiError::Kind::BadResponse,
// never half a map.
namespace SeatMapDecoder {

// GET /shows/:id/seats. The flags (accessible, restricted_view, aisle) may be
// absent, meaning false. The counts are the seats' own, whatever "counts" says.
Result<Api::SeatMap> seatMap(const QByteArray &body);
// PATCH /admin/shows/:id/seats.
Result<Api::SeatBlocksResult> seatBlocks(const QByteArray &body);
// GET /admin/plans: {"plans": [{"id", "name", "seat_count", "section_count"}]}.
Result<QList<Api::PlanSummary>> planSummaries(const QByteArray &body);
// POST /admin/plans: the stored plan, explicit form; only its summary is kept.
Result<Api::PlanSummary> createdPlan(const QByteArray &body);
// The "seats" list of a push message: [{"id": 123, "state": "held"}, ...].
Result<QList<Api::SeatStateChange>> seatChanges(const QJsonValue &list);

} // namespace SeatMapDecoder
