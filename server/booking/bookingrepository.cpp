#include "bookingrepository.h"

#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

namespace {
const QString kBook =
    QStringLiteral("SELECT outcome, booking_id, available, %1, %2 FROM book_seats("
                   "?::bigint, ?::text, ?::integer, ?::integer, ?::text, ?::text, ?::text,"
                   " ?::bigint, ?::bytea)")
        .arg(SqlValues::epochMs(QStringLiteral("created_at")),
             SqlValues::epochMs(QStringLiteral("expires_at")));

// The scope arguments of migration 008 (scope name, token id, access token
// hash), then who is asking: the audited variants (sql/009) write the audit
// row in the same call, and say what status they gave the booking (sql/012).
const QString kConfirm = QStringLiteral(
    "SELECT outcome, changed_to FROM confirm_booking_audited(?::bigint, ?::text, ?::bigint,"
    " ?::bytea, ?::text, ?::text, ?::text, ?::text)");
const QString kCancel = QStringLiteral(
    "SELECT outcome, changed_to FROM cancel_booking_audited(?::bigint, ?::text, ?::bigint,"
    " ?::bytea, ?::text, ?::text, ?::text, ?::text)");

QVariantList auditArguments(const AuditContext &who)
{
    return {who.actor, who.actorRole, who.clientAddress, who.requestId};
}

const QString kBookingColumns =
    QStringLiteral("id, reference, show_id, user_name, seats, status, %1, %2, %3, %4,"
                   " created_by_token_id, access_token_hash")
        .arg(SqlValues::epochMs(QStringLiteral("created_at")),
             SqlValues::epochMs(QStringLiteral("expires_at")),
             SqlValues::epochMs(QStringLiteral("confirmed_at")),
             SqlValues::epochMs(QStringLiteral("cancelled_at")));
// The scope is judged in SQL (booking_in_scope), in the same statement as the read.
const QString kFindById = QStringLiteral("SELECT %1 FROM bookings b WHERE id = ?::bigint"
                                         " AND booking_in_scope(b, ?::text, ?::bigint, ?::bytea)")
                              .arg(kBookingColumns);
const QString kFindByReference =
    QStringLiteral("SELECT %1 FROM bookings b WHERE reference = ?::text"
                   " AND booking_in_scope(b, ?::text, ?::bigint, ?::bytea)")
        .arg(kBookingColumns);
// An empty status list means every status.
const QString kListForShow =
    QStringLiteral(
        "SELECT %1, count(*) OVER () FROM bookings"
        " WHERE show_id = ?::bigint AND (cardinality(?::text[]) = 0 OR status = ANY (?::text[]))"
        " ORDER BY created_at, id LIMIT ?::integer OFFSET ?::integer")
        .arg(kBookingColumns);
const QString kIdempotencyKey =
    QStringLiteral("SELECT request_hash, booking_id FROM idempotency_keys WHERE key = ?::text");
const QString kShowExists = QStringLiteral("SELECT 1 FROM shows WHERE id = ?::bigint");

Booking bookingFromRow(const QSqlQuery &row)
{
    Booking booking;
    booking.id = row.value(0).toLongLong();
    booking.reference = row.value(1).toString();
    booking.showId = row.value(2).toLongLong();
    booking.userName = row.value(3).toString();
    booking.seats = row.value(4).toInt();
    booking.status =
        Booking::statusFromName(row.value(5).toString()).value_or(Booking::Status::Pending);
    booking.createdAt = SqlValues::toUtc(row.value(6));
    booking.expiresAt = SqlValues::toUtc(row.value(7));
    booking.confirmedAt = SqlValues::toUtc(row.value(8));
    booking.cancelledAt = SqlValues::toUtc(row.value(9));
    return booking;
}

QString scopeName(BookingAccess::Scope scope)
{
    switch (scope) {
    case BookingAccess::Scope::Any:
        return QStringLiteral("any");
    case BookingAccess::Scope::OwnToken:
        return QStringLiteral("token");
    case BookingAccess::Scope::Holder:
        return QStringLiteral("holder");
    case BookingAccess::Scope::None:
        break;
    }
    return QStringLiteral("none");
}

QVariant idOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

QVariant bytesOrNull(const QByteArray &bytes)
{
    return bytes.isEmpty() ? QVariant(QMetaType::fromType<QByteArray>()) : QVariant(bytes);
}

// The three scope arguments every scoped statement ends with.
QVariantList scopeArgumentsOf(const BookingAccess &access)
{
    return {scopeName(access.scope), idOrNull(access.tokenId), bytesOrNull(access.accessHash)};
}

// A PostgreSQL text[] literal; statuses are validated names, but quote anyway.
QString textArray(const QStringList &items)
{
    QStringList quoted;
    for (QString item : items)
        quoted << QLatin1Char('"') + item.replace(QLatin1Char('"'), QStringLiteral("\\\"")) +
                      QLatin1Char('"');
    return QLatin1Char('{') + quoted.join(QLatin1Char(',')) + QLatin1Char('}');
}

template <typename T> Result<T> outcomeError(const QString &outcome, qint64 id)
{
    if (outcome == QLatin1String("booking_not_found"))
        return Result<T>::failure(ErrorCode::BookingNotFound,
                                  QStringLiteral("Booking %1 does not exist.").arg(id));
    if (outcome == QLatin1String("booking_expired"))
        return Result<T>::failure(
            ErrorCode::BookingExpired,
            QStringLiteral("Booking %1 has expired; its seats were released.").arg(id));
    if (outcome == QLatin1String("booking_cancelled"))
        return Result<T>::failure(ErrorCode::BookingCancelled,
                                  QStringLiteral("Booking %1 is cancelled.").arg(id));
    return Result<T>::failure(ErrorCode::Internal, QStringLiteral("Internal error."));
}
} // namespace

Result<std::optional<BookingRepository::BookResult>>
BookingRepository::book(const BookRequest &request)
{
    using Outcome = Result<std::optional<BookResult>>;
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(
        kBook,
        {request.showId, request.userName, request.seats, request.holdSeconds, request.reference,
         SqlValues::textOrNull(request.idempotencyKey), SqlValues::textOrNull(request.requestHash),
         idOrNull(request.createdByTokenId), bytesOrNull(request.accessTokenHash)},
        SqlRunner::Kind::Write);
    if (!query) {
        if (sql.failure() == SqlFailure::UniqueViolation)
            return Outcome(std::optional<BookResult>()); // reference collision: nothing written
        return sql.toDomainError();
    }
    if (!query->next())
        return sql.toDomainError();
    const QString outcome = query->value(0).toString();
    if (outcome == QLatin1String("booked")) {
        Booking booking;
        booking.id = query->value(1).toLongLong();
        booking.reference = request.reference;
        booking.showId = request.showId;
        booking.userName = request.userName;
        booking.seats = request.seats;
        booking.createdAt = SqlValues::toUtc(query->value(3));
        booking.expiresAt = SqlValues::toUtc(query->value(4));
        return Outcome(BookResult{booking, false, request.createdByTokenId,
                                  !request.accessTokenHash.isEmpty(), request.accessTokenHash});
    }
    if (outcome == QLatin1String("replayed")) {
        // Unscoped: the service judges whether this caller may see the replay.
        const Result<BookResult> existing =
            findOne(kFindById, query->value(1).toLongLong(), BookingAccess::any());
        if (!existing)
            return existing.error();
        BookResult replay = *existing;
        replay.replayed = true;
        return Outcome(replay);
    }
    return bookingRefusal(outcome, request.showId, query->value(2).toInt());
}

Result<Booking> BookingRepository::settleRefusal(const QString &outcome, qint64 id)
{
    return outcomeError<Booking>(outcome, id);
}

QVariantList BookingRepository::scopeArguments(const BookingAccess &access)
{
    return scopeArgumentsOf(access);
}

DomainError BookingRepository::bookingRefusal(const QString &outcome, qint64 showId, int available)
{
    if (outcome == QLatin1String("not_enough_seats"))
        return {ErrorCode::NotEnoughSeats,
                available == 0 ? QStringLiteral("This show is sold out.")
                               : QStringLiteral("Only %1 seat(s) left.").arg(available),
                {{QStringLiteral("available_seats"), available}}};
    if (outcome == QLatin1String("show_cancelled"))
        return {ErrorCode::ShowCancelled, QStringLiteral("Show %1 is cancelled.").arg(showId), {}};
    if (outcome == QLatin1String("show_not_found"))
        return {ErrorCode::ShowNotFound, QStringLiteral("Show %1 does not exist.").arg(showId), {}};
    if (outcome == QLatin1String("idempotency_key_reused"))
        return {ErrorCode::IdempotencyKeyReused,
                QStringLiteral("This Idempotency-Key was already used for a different request."),
                {}};
    return {ErrorCode::Internal, QStringLiteral("Internal error."), {}};
}

Result<BookingRepository::BookResult> BookingRepository::findForReplay(qint64 id)
{
    const Result<BookResult> found = findOne(kFindById, id, BookingAccess::any());
    if (!found)
        return found;
    BookResult replay = *found;
    replay.replayed = true;
    return replay;
}

Result<std::optional<BookingRepository::BookResult>>
BookingRepository::findReplay(const QString &idempotencyKey, const QString &requestHash)
{
    using Outcome = Result<std::optional<BookResult>>;
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kIdempotencyKey, {idempotencyKey}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next() || query->value(1).isNull())
        return Outcome(std::optional<BookResult>());
    if (query->value(0).toString() != requestHash)
        return Outcome::failure(
            ErrorCode::IdempotencyKeyReused,
            QStringLiteral("This Idempotency-Key was already used for a different request."));
    const Result<BookResult> existing =
        findOne(kFindById, query->value(1).toLongLong(), BookingAccess::any());
    if (!existing)
        return existing.error();
    BookResult replay = *existing;
    replay.replayed = true;
    return Outcome(replay);
}

BookingRepository::Settlement BookingRepository::confirm(qint64 id, const BookingAccess &access,
                                                         const AuditContext &who)
{
    return settle(kConfirm, QStringLiteral("confirmed"), id, access, who);
}

BookingRepository::Settlement BookingRepository::cancel(qint64 id, const BookingAccess &access,
                                                        const AuditContext &who)
{
    return settle(kCancel, QStringLiteral("cancelled"), id, access, who);
}

BookingRepository::Settlement BookingRepository::settle(const QString &statement,
                                                        const QString &done, qint64 id,
                                                        const BookingAccess &access,
                                                        const AuditContext &who)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(statement, QVariantList{id} + scopeArgumentsOf(access) + auditArguments(who),
                 SqlRunner::Kind::Write);
    if (!query || !query->next())
        return {sql.toDomainError(), std::nullopt};
    const QString outcome = query->value(0).toString();
    // The call has committed (autocommit): its change stands whatever follows.
    const std::optional<Booking::Status> changedTo =
        query->value(1).isNull() ? std::nullopt
                                 : Booking::statusFromName(query->value(1).toString());
    if (outcome != done)
        return {outcomeError<Booking>(outcome, id), changedTo};
    return {find(id, access), changedTo};
}

Result<BookingRepository::BookResult> BookingRepository::findOne(const QString &statement,
                                                                 const QVariant &key,
                                                                 const BookingAccess &access)
{
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(statement, QVariantList{key} + scopeArgumentsOf(access), SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    if (!query->next())
        return Result<BookResult>::failure(
            ErrorCode::BookingNotFound,
            QStringLiteral("Booking %1 does not exist.").arg(key.toString()));
    const QVariant accessTokenHash = query->value(11);
    return BookResult{bookingFromRow(*query), false, query->value(10).toLongLong(),
                      !accessTokenHash.isNull(), accessTokenHash.toByteArray()};
}

Result<Booking> BookingRepository::find(qint64 id, const BookingAccess &access)
{
    const auto found = findOne(kFindById, id, access);
    if (!found)
        return found.error();
    return found->booking;
}

Result<Booking> BookingRepository::findByReference(const QString &reference,
                                                   const BookingAccess &access)
{
    const auto found = findOne(kFindByReference, reference.toUpper(), access);
    if (!found)
        return found.error();
    return found->booking;
}

Result<BookingRepository::Page>
BookingRepository::listForShow(qint64 showId, const QStringList &statuses, int limit, int offset)
{
    SqlRunner sql(m_session);
    const QString statusArray = textArray(statuses);
    QSqlQuery *query = sql.exec(kListForShow, {showId, statusArray, statusArray, limit, offset},
                                SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    Page page;
    while (query->next()) {
        page.bookings << bookingFromRow(*query);
        page.total = query->value(12).toLongLong();
    }
    if (page.bookings.isEmpty()) {
        // No rows says nothing about whether the show exists, and an offset past the end loses the
        // total.
        query = sql.exec(kShowExists, {showId}, SqlRunner::Kind::Read);
        if (!query)
            return sql.toDomainError();
        if (!query->next())
            return Result<Page>::failure(ErrorCode::ShowNotFound,
                                         QStringLiteral("Show %1 does not exist.").arg(showId));
        if (offset > 0) {
            // Rare path: the page is past the end, count separately.
            const QString countSql =
                QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = ?::bigint"
                               " AND (cardinality(?::text[]) = 0 OR status = ANY (?::text[]))");
            query = sql.exec(countSql, {showId, statusArray, statusArray}, SqlRunner::Kind::Read);
            if (query && query->next())
                page.total = query->value(0).toLongLong();
        }
    }
    return page;
}
