#include "seatingplanrepository.h"

#include "db/databasesession.h"
#include "db/sqlarrayliteral.h"
#include "db/sqlrunner.h"
#include "db/transaction.h"

#include <QSqlQuery>

#include <optional>

namespace {
const QString kInsertPlan = QStringLiteral(
    "INSERT INTO seating_plans (name, seat_count) VALUES (?::text, ?::integer) RETURNING id");
const QString kInsertSections = QStringLiteral(
    "INSERT INTO plan_sections (plan_id, idx, name, category, rank)"
    " SELECT ?::bigint, s.idx, s.name, s.category, s.rank"
    "   FROM unnest(?::integer[], ?::text[], ?::text[], ?::integer[]) AS s(idx, name, category, rank)");
// Ids are drawn in the order of the arrays (ORDER BY ord), so they come back
// in seat order and line up with the plan's list.
const QString kInsertSeats = QStringLiteral(
    "WITH made AS ("
    " INSERT INTO plan_seats (plan_id, section_idx, row_label, row_index, number, position, label,"
    "                         x, y, accessible, restricted_view, aisle)"
    " SELECT ?::bigint, s.section, s.row_label, s.row_index, s.number, s.position, s.label,"
    "        s.x, s.y, s.accessible, s.restricted, s.aisle"
    "   FROM unnest(?::integer[], ?::text[], ?::integer[], ?::integer[], ?::integer[], ?::text[],"
    "               ?::float8[], ?::float8[], ?::boolean[], ?::boolean[], ?::boolean[])"
    "        WITH ORDINALITY AS s(section, row_label, row_index, number, position, label, x, y,"
    "                             accessible, restricted, aisle, ord)"
    "  ORDER BY s.ord"
    " RETURNING id, label)"
    " SELECT id, label FROM made");
const QString kListPlans = QStringLiteral(
    "SELECT p.id, p.name, p.seat_count,"
    "       (SELECT count(*) FROM plan_sections s WHERE s.plan_id = p.id)"
    "  FROM seating_plans p ORDER BY p.id");
const QString kPlan = QStringLiteral("SELECT name FROM seating_plans WHERE id = ?::bigint");
const QString kSections = QStringLiteral(
    "SELECT idx, name, category, rank FROM plan_sections WHERE plan_id = ?::bigint ORDER BY idx");
const QString kSeats = QStringLiteral(
    "SELECT id, label, section_idx, row_label, row_index, number, position, x, y, accessible,"
    "       restricted_view, aisle"
    "  FROM plan_seats WHERE plan_id = ?::bigint"
    " ORDER BY section_idx, row_index, position");

DomainError unavailable()
{
    return {ErrorCode::DatabaseUnavailable,
            QStringLiteral("The database is unavailable; try again shortly."),
            {}};
}
} // namespace

Result<SeatingPlan> SeatingPlanRepository::create(const SeatingPlan &plan)
{
    using namespace SqlArrayLiteral;
    // A caller's transaction (SeatingService, which adds the audit row) serves
    // as well; transactions do not nest.
    std::optional<Transaction> own;
    if (!m_session.inTransaction())
        own.emplace(m_session);
    if (own && !own->isActive())
        return unavailable();
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kInsertPlan, {plan.name, int(plan.seats.size())},
                                SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    SeatingPlan stored = plan;
    stored.id = query->value(0).toLongLong();

    QList<Element> indexes, names, categories, ranks;
    for (qsizetype i = 0; i < plan.sections.size(); ++i) {
        indexes << number(i);
        names << textOrNull(plan.sections[i].name);
        categories << textOrNull(plan.sections[i].category);
        ranks << number(plan.sections[i].rank);
    }
    if (!sql.exec(kInsertSections, {stored.id, of(indexes), of(names), of(categories), of(ranks)},
                  SqlRunner::Kind::Write))
        return sql.toDomainError();

    QList<Element> sections, rows, rowIndexes, numbers, positions, labels, xs, ys, accessible,
        restricted, aisle;
    for (const PlanSeat &seat : plan.seats) {
        sections << number(seat.section);
        rows << textOrNull(seat.row);
        rowIndexes << number(seat.rowIndex);
        numbers << number(seat.number);
        positions << number(seat.position);
        labels << textOrNull(seat.label);
        xs << real(seat.x);
        ys << real(seat.y);
        accessible << boolean(seat.accessible);
        restricted << boolean(seat.restrictedView);
        aisle << boolean(seat.aisle);
    }
    query = sql.exec(kInsertSeats,
                     {stored.id, of(sections), of(rows), of(rowIndexes), of(numbers),
                      of(positions), of(labels), of(xs), of(ys), of(accessible), of(restricted),
                      of(aisle)},
                     SqlRunner::Kind::Write);
    if (!query)
        return sql.toDomainError();
    QHash<QString, qint64> ids;
    while (query->next())
        ids.insert(query->value(1).toString(), query->value(0).toLongLong());
    for (PlanSeat &seat : stored.seats)
        seat.id = ids.value(seat.label);
    if (own && !own->commit())
        return unavailable();
    return stored;
}

Result<QList<SeatingPlanRepository::Summary>> SeatingPlanRepository::list()
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kListPlans, {}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QList<Summary> plans;
    while (query->next())
        plans << Summary{query->value(0).toLongLong(), query->value(1).toString(),
                         query->value(2).toInt(), query->value(3).toInt()};
    return plans;
}

Result<SeatingPlan> SeatingPlanRepository::load(qint64 id)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kPlan, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return Result<SeatingPlan>::failure(ErrorCode::PlanNotFound,
                                            QStringLiteral("No seating plan with id %1.").arg(id),
                                            {{QStringLiteral("plan_id"), id}});
    SeatingPlan plan;
    plan.id = id;
    plan.name = query->value(0).toString();
    query = sql.exec(kSections, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next())
        plan.sections << PlanSection{query->value(1).toString(), query->value(2).toString(),
                                     query->value(3).toInt()};
    query = sql.exec(kSeats, {id}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next()) {
        PlanSeat seat;
        seat.id = query->value(0).toLongLong();
        seat.label = query->value(1).toString();
        seat.section = query->value(2).toInt();
        seat.row = query->value(3).toString();
        seat.rowIndex = query->value(4).toInt();
        seat.number = query->value(5).toInt();
        seat.position = query->value(6).toInt();
        seat.x = query->value(7).toDouble();
        seat.y = query->value(8).toDouble();
        seat.accessible = query->value(9).toBool();
        seat.restrictedView = query->value(10).toBool();
        seat.aisle = query->value(11).toBool();
        plan.seats << seat;
    }
    return plan;
}
