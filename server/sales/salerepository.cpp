#include "salerepository.h"

#include "booking/bookingrepository.h"
#include "db/sqlarrayliteral.h"
#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QSet>

namespace {
const QString kConfirmPaid = QStringLiteral(
    "SELECT outcome, changed_to FROM confirm_booking_paid(?::bigint, ?::text, ?::bigint,"
    " ?::bytea, ?::text, ?::text, ?::text, ?::text, ?::text, ?::bigint, ?::text, ?::bigint)");
const QString kCancelTickets = QStringLiteral(
    "SELECT outcome, changed_to, detail FROM cancel_booking_tickets(?::bigint, ?::text,"
    " ?::bigint, ?::bytea, ?::text, ?::text, ?::text, ?::text, ?::boolean, ?::text[],"
    " ?::integer[], ?::bigint[], ?::text, ?::text, ?::bigint)");
const QString kSeatIds = QStringLiteral(
    "SELECT ps.label, ps.id FROM bookings b JOIN shows s ON s.id = b.show_id"
    "  JOIN plan_seats ps ON ps.plan_id = s.seating_plan_id AND ps.label = ANY (?::text[])"
    " WHERE b.id = ?::bigint");

QVariantList auditArguments(const AuditContext &who)
{
    return {who.actor, who.actorRole, who.clientAddress, who.requestId};
}

QVariant shiftOrNull(qint64 id)
{
    return id > 0 ? QVariant(id) : QVariant(QMetaType::fromType<qint64>());
}

Result<SaleRepository::Outcome> outcomeOf(SqlRunner &sql, QSqlQuery *query, bool withDetail)
{
    if (!query || !query->next())
        return sql.toDomainError();
    return SaleRepository::Outcome{query->value(0).toString(), query->value(1).toString(),
                                   withDetail ? query->value(2).toString() : QString()};
}
} // namespace

Result<SaleRepository::Outcome> SaleRepository::confirmPaid(qint64 bookingId,
                                                           const BookingAccess &access,
                                                           const AuditContext &who,
                                                           const PaymentRequest &payment)
{
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(
        kConfirmPaid,
        QVariantList{bookingId} + BookingRepository::scopeArguments(access) +
            auditArguments(who) +
            QVariantList{SqlValues::textOrNull(payment.method),
                         payment.tendered ? QVariant(*payment.tendered)
                                          : QVariant(QMetaType::fromType<qint64>()),
                         SqlValues::textOrNull(payment.reference), shiftOrNull(payment.shiftId)},
        SqlRunner::Kind::Write);
    return outcomeOf(sql, query, false);
}

Result<SaleRepository::Outcome> SaleRepository::cancelTickets(qint64 bookingId,
                                                             const BookingAccess &access,
                                                             const AuditContext &who,
                                                             const CancelRequest &cancel)
{
    using namespace SqlArrayLiteral;
    QList<Element> categories, counts, seats;
    for (qsizetype i = 0; i < cancel.categories.size(); ++i) {
        categories << SqlArrayLiteral::textOrNull(cancel.categories[i]);
        counts << number(cancel.counts.value(i));
    }
    for (const qint64 seat : cancel.seatIds)
        seats << number(seat);
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(
        kCancelTickets,
        QVariantList{bookingId} + BookingRepository::scopeArguments(access) +
            auditArguments(who) +
            QVariantList{cancel.all, of(categories), of(counts),
                         cancel.seatIds.isEmpty() ? QVariant(QMetaType::fromType<QString>())
                                                  : QVariant(of(seats)),
                         SqlValues::textOrNull(cancel.refundMethod),
                         SqlValues::textOrNull(cancel.refundReference), shiftOrNull(cancel.shiftId)},
        SqlRunner::Kind::Write);
    return outcomeOf(sql, query, true);
}

Result<QList<qint64>> SaleRepository::seatIdsOf(qint64 bookingId, const QStringList &labels,
                                                QStringList &unknown)
{
    QList<SqlArrayLiteral::Element> elements;
    for (const QString &label : labels)
        elements << SqlArrayLiteral::textOrNull(label);
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kSeatIds, {SqlArrayLiteral::of(elements), bookingId}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    QHash<QString, qint64> found;
    while (query->next())
        found.insert(query->value(0).toString(), query->value(1).toLongLong());
    QList<qint64> ids;
    unknown.clear();
    for (const QString &label : labels) {
        if (found.contains(label))
            ids << found.value(label);
        else
            unknown << label;
    }
    return ids;
}
