#include "bookingbatchrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QSqlQuery>

#include <functional>

namespace {
const QString kBookBatch =
    QStringLiteral("SELECT ord, outcome, booking_id, available, %1, %2 FROM book_seats_batch("
                   "?::bigint[], ?::text[], ?::integer[], ?::integer[], ?::text[], ?::text[],"
                   " ?::text[], ?::bigint[], ?::bytea[], ?::boolean[])")
        .arg(SqlValues::epochMs(QStringLiteral("created_at")),
             SqlValues::epochMs(QStringLiteral("expires_at")));

// One element of a PostgreSQL array literal. Every text element is quoted with
// backslash and double quote escaped, so no user name can end or split it.
void appendQuoted(QString &literal, const QString &text)
{
    literal += QLatin1Char('"');
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            literal += QLatin1Char('\\');
        literal += c;
    }
    literal += QLatin1Char('"');
}

template <typename Element> QString arrayLiteral(const QList<Element> &items)
{
    QString literal = QStringLiteral("{");
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            literal += QLatin1Char(',');
        items[i](literal);
    }
    return literal + QLatin1Char('}');
}

using Writer = std::function<void(QString &)>;

Writer number(qint64 value)
{
    return [value](QString &out) { out += QString::number(value); };
}
Writer idOrNull(qint64 id)
{
    return [id](QString &out) { out += id > 0 ? QString::number(id) : QStringLiteral("NULL"); };
}
Writer textOrNull(const QString &text)
{
    return [text](QString &out) {
        if (text.isNull())
            out += QStringLiteral("NULL");
        else
            appendQuoted(out, text);
    };
}
Writer bytesOrNull(const QByteArray &bytes)
{
    return [bytes](QString &out) {
        if (bytes.isEmpty())
            out += QStringLiteral("NULL");
        else
            appendQuoted(out, QStringLiteral("\\x") + QString::fromLatin1(bytes.toHex()));
    };
}
} // namespace

std::variant<QList<BookingBatchRepository::Row>, BookingBatchRepository::Failure>
BookingBatchRepository::book(const QList<BookingRepository::BookRequest> &requests,
                             const QList<bool> &mayHold)
{
    QList<Writer> shows, names, seats, holds, references, keys, hashes, tokenIds, tokenHashes,
        holdable;
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
        holdable << Writer([hold = mayHold.value(i, true)](QString &out) {
            out += hold ? QStringLiteral("t") : QStringLiteral("f");
        });
    }
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(
        kBookBatch,
        {arrayLiteral(shows), arrayLiteral(names), arrayLiteral(seats), arrayLiteral(holds),
         arrayLiteral(references), arrayLiteral(keys), arrayLiteral(hashes),
         arrayLiteral(tokenIds), arrayLiteral(tokenHashes), arrayLiteral(holdable)},
        SqlRunner::Kind::Write);
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
        ++seen;
    }
    if (seen != requests.size())
        return Failure{false, {ErrorCode::Internal, QStringLiteral("Internal error."), {}}};
    return rows;
}
