#pragma once

#include "result.h"
#include "seatingplan.h"

#include <QJsonObject>

// Reads seating plans from JSON bodies and writes them back, with the plan
// limits. Pure functions, no I/O: any thread may call them.
//
// A section is either generated ("rows": a number, with "seats_per_row") or
// explicit ("rows": an array of rows listing their seats); one plan may mix
// both. docs/seating.md describes the two formats for operators.
namespace SeatingPlanJson {

// Reads a POST /admin/plans body (already parsed into an object by the
// caller). Strict: an unknown field, a wrong type or a value out of range is
// refused with the first problem found, its code, a sentence naming the field,
// and details.field holding its path ("sections[1].rows[0].seats[3].position").
// "id" and "seat_count" of the plan and "id" of a seat are ignored, so that a
// GET /plans/:id answer can be posted back to copy a plan. The seats come out
// ordered by section, row (front first) and position (left first); ids are 0.
Result<SeatingPlan> fromJson(const QJsonObject &body);

// The plan as GET /plans/:id answers it: the explicit format plus "id",
// "seat_count" and each seat's "id". Seats are grouped by section, then by row
// in rowIndex order, each row's seats by position.
QJsonObject toJson(const SeatingPlan &plan);

// Plan limits
inline constexpr int kMaxSeats = 20000;
inline constexpr int kMaxSections = 50;
inline constexpr int kMaxRowsPerSection = 200;
inline constexpr int kMaxSeatsPerRow = 500;

} // namespace SeatingPlanJson
