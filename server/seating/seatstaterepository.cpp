#include "seatstaterepository.h"

#include "db/sqlarrayliteral.h"
#include "db/sqlrunner.h"

#include <QSqlQuery>

namespace {
const QString kTaken = QStringLiteral(
    "SELECT seat_id, CASE WHEN booking_id IS NULL THEN 'blocked' WHEN sold THEN 'sold'"
    " ELSE 'held' END"
    "  FROM seat_assignments WHERE show_id = ?::bigint AND live");
const QString kLockShows = QStringLiteral(
    "SELECT id FROM shows WHERE id = ANY (?::bigint[]) ORDER BY id FOR UPDATE");
const QString kSetBlocks = QStringLiteral(
    "SELECT outcome, taken FROM set_show_seat_blocks(?::bigint, ?::bigint[], ?::bigint[])");
// A live booking's live seats (a partial cancellation gave some back, issue
// 18); an ended booking's seats still, so a cancelled one says which it had.
const QString kLabels = QStringLiteral(
    "SELECT sa.booking_id, coalesce("
    "  array_agg(ps.label ORDER BY ps.section_idx, ps.row_index, ps.position) FILTER (WHERE sa.live),"
    "  array_agg(ps.label ORDER BY ps.section_idx, ps.row_index, ps.position))::text"
    "  FROM seat_assignments sa JOIN plan_seats ps ON ps.id = sa.seat_id"
    " WHERE sa.booking_id = ANY (?::bigint[])"
    " GROUP BY sa.booking_id");

QList<SqlArrayLiteral::Element> numbers(const QList<qint64> &ids)
{
    QList<SqlArrayLiteral::Element> elements;
    for (const qint64 id : ids)
        elements << SqlArrayLiteral::number(id);
    return elements;
}

// A text[] as PostgreSQL prints it: {A-1,"A 2"}; labels never hold braces.
QStringList labelsFrom(const QString &text)
{
    QStringList labels;
    const QString inner = text.mid(1, text.size() - 2);
    QString current;
    bool quoted = false;
    for (qsizetype i = 0; i < inner.size(); ++i) {
        const QChar c = inner[i];
        if (quoted && c == QLatin1Char('\\') && i + 1 < inner.size()) {
            current += inner[++i];
        } else if (c == QLatin1Char('"')) {
            quoted = !quoted;
        } else if (c == QLatin1Char(',') && !quoted) {
            labels << current;
            current.clear();
        } else {
            current += c;
        }
    }
    if (!inner.isEmpty())
        labels << current;
    return labels;
}
} // namespace

QString SeatStateRepository::stateName(State state)
{
    switch (state) {
    case State::Free:
        return QStringLiteral("free");
    case State::Held:
        return QStringLiteral("held");
    case State::Sold:
        return QStringLiteral("sold");
    case State::Blocked:
        return QStringLiteral("blocked");
    }
    return QStringLiteral("free");
}

Result<QHash<qint64, SeatStateRepository::State>> SeatStateRepository::takenSeats(qint64 showId)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kTaken, {showId}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QHash<qint64, State> taken;
    while (query->next()) {
        const QString state = query->value(1).toString();
        taken.insert(query->value(0).toLongLong(),
                     state == QLatin1String("blocked") ? State::Blocked
                     : state == QLatin1String("sold")  ? State::Sold
                                                       : State::Held);
    }
    return taken;
}

bool SeatStateRepository::lockShows(const QList<qint64> &showIds)
{
    SqlRunner sql(m_session);
    return sql.exec(kLockShows, {SqlArrayLiteral::of(numbers(showIds))}, SqlRunner::Kind::Write) !=
           nullptr;
}

Result<SeatStateRepository::BlockOutcome>
SeatStateRepository::setBlocks(qint64 showId, const QList<qint64> &block,
                               const QList<qint64> &unblock)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(
        kSetBlocks,
        {showId, SqlArrayLiteral::of(numbers(block)), SqlArrayLiteral::of(numbers(unblock))},
        SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    return BlockOutcome{query->value(0).toString(),
                        SqlArrayLiteral::idsFrom(query->value(1).toString())};
}

Result<QHash<qint64, QStringList>> SeatStateRepository::seatLabelsOf(const QList<qint64> &bookingIds)
{
    QHash<qint64, QStringList> labels;
    if (bookingIds.isEmpty())
        return labels;
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kLabels, {SqlArrayLiteral::of(numbers(bookingIds))}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next())
        labels.insert(query->value(0).toLongLong(), labelsFrom(query->value(1).toString()));
    return labels;
}
