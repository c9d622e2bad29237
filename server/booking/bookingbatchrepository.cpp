#include "bookingbatchrepository.h"

#include "db/sqlarrayliteral.h"
#include "db/sqlrunner.h"
#include "db/sqlvalues.h"
#include "sales/salesrepository.h"

#include <QSqlQuery>


namespace {
// Group booking (sql/013, with seats sql/018) behind the sales wrapper (sql/022),
// which prices each entry's lines in the same statement and answers them.
// with_seats picks the inner function: general-admission batches keep 013's.
const QString kBookBatch =
    QStringLiteral("SELECT ord, outcome, booking_id, available, %1, %2, taken, lines"
                   " FROM book_tickets_batch("
                   "?::bigint[], ?::text[], ?::integer[], ?::integer[], ?::text[], ?::text[],"
                   " ?::text[], ?::bigint[], ?::bytea[], ?::boolean[], ?::text[], ?::boolean[],"
                   " ?::boolean, ?::text[])")
        .arg(SqlValues::epochMs(QStringLiteral("created_at")),
             SqlValues::epochMs(QStringLiteral("expires_at")));

using namespace SqlArrayLiteral;
using Writer = Element;
} // namespace

std::variant<QList<BookingBatchRepository::Row>, BookingBatchRepository::Failure>
BookingBatchRepository::book(const QList<BookingRepository::BookRequest> &requests,
                             const QList<bool> &mayHold)
{
    QList<Writer> shows, names, seats, holds, references, keys, hashes, tokenIds, tokenHashes,
        holdable, seatLists, best, tickets;
    bool withSeats = false;
    for (qsizetype i = 0; i < requests.size(); ++i) {
        const BookingRepository::BookRequest &request = requests[i];
        shows << number(request.showId);
        names << textOrNull(request.userName);
        seats << number(request.seats);
        holds << number(request.holdSeconds);
        references << textOrNull(request.reference);
        keys << textOrNull(request.idempotencyKey);
        hashes << textOrNull(request.idempotencyKey.isNull() ? QString() : request.requestHash);
        tokenIds << idOrNull(request.createdByTokenId);
        tokenHashes << bytesOrNull(request.accessTokenHash);
        holdable << boolean(mayHold.value(i, true));
        seatLists << idListOrNull(request.seatIds);
        best << boolean(request.bestAvailable);
        tickets << textOrNull(request.ticketsJson);
        withSeats = withSeats || !request.seatIds.isEmpty() || request.seatedBatch;
    }
    QVariantList binds{of(shows),      of(names),    of(seats),    of(holds),
                       of(references), of(keys),     of(hashes),   of(tokenIds),
                       of(tokenHashes), of(holdable), of(seatLists), of(best),
                       withSeats, of(tickets)};
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kBookBatch, binds, SqlRunner::Kind::Write);
    if (!query)
        return Failure{sql.failure() == SqlFailure::ConnectionLost, sql.toDomainError()};
    QList<Row> rows(requests.size());
    qsizetype seen = 0;
    while (query->next()) {
        const int position = query->value(0).toInt() - 1;
        if (position < 0 || position >= rows.size())
            continue;
        Row &row = rows[position];
        row.outcome = query->value(1).toString();
        row.bookingId = query->value(2).toLongLong();
        row.available = query->value(3).toInt();
        row.createdAt = SqlValues::toUtc(query->value(4));
        row.expiresAt = SqlValues::toUtc(query->value(5));
        if (row.outcome == QLatin1String("unknown_category"))
            row.category = query->value(6).toString();
        else if (withSeats)
            row.seats = idsFrom(query->value(6).toString());
        row.lines = SalesRepository::linesFromJson(query->value(7).toString());
        ++seen;
    }
    if (seen != requests.size())
        return Failure{false, {ErrorCode::Internal, QStringLiteral("Internal error."), {}}};
    return rows;
}
