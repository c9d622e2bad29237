#pragma once

#include <QList>
#include <QString>

// A seating plan as the server holds it in memory: what POST /admin/plans
// creates (SeatingPlanJson), what the seating repository stores and reads back,
// and what best-available searches (BestAvailable). No I/O here.
//
// Geometry: seats of one row share (section, row); `position` orders a row's
// seats from the left, and two seats are adjacent when their positions differ
// by exactly 1 (an aisle or a gap in the hall is a jump in positions). Rows of a
// section are ordered from the front by `rowIndex` (0 = the front row).

struct PlanSection
{
    QString name;     // "Stalls"
    QString category; // "standard", "premium", "wheelchair": free text, 1..40 characters
    // Best-available tries sections by rank, lowest first (the better category
    // first); equal ranks are searched together. Defaults to the section's place
    // in the plan (first = 0).
    int rank = 0;
};

struct PlanSeat
{
    qint64 id = 0;     // plan_seats.id once stored; 0 before
    QString label;     // "A-12", unique within the plan, 1..20 characters
    int section = 0;   // index into SeatingPlan::sections
    QString row;       // "A"
    int rowIndex = 0;  // 0 = the section's front row
    int number = 0;    // the seat's number within its row (1..), as printed on the ticket
    int position = 0;  // order within the row from the left; adjacent = differs by 1
    double x = 0;      // for drawing, in seat widths; y grows towards the back
    double y = 0;
    bool accessible = false;     // wheelchair or companion space
    bool restrictedView = false;
    bool aisle = false;          // next to an aisle
};

struct SeatingPlan
{
    qint64 id = 0; // seating_plans.id once stored
    QString name;
    QList<PlanSection> sections;
    QList<PlanSeat> seats;
};
