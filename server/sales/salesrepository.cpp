#include "salesrepository.h"

#include "db/sqlarrayliteral.h"
#include "db/sqlrunner.h"
#include "db/sqlvalues.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace {
const QString kCategories = QStringLiteral(
    "SELECT show_id, code, name, price FROM ticket_categories"
    " WHERE show_id = ANY (?::bigint[]) AND active ORDER BY show_id, position, code");
const QString kSetCategories = QStringLiteral(
    "SELECT outcome FROM set_show_categories(?::bigint, ?::text[], ?::text[], ?::bigint[])");
const QString kLines = QStringLiteral(
    "SELECT booking_id, id, category, name, unit_price, count, cancelled FROM booking_lines"
    " WHERE booking_id = ANY (?::bigint[]) ORDER BY booking_id, id");
const QString kPayments =
    QStringLiteral("SELECT booking_id, id, kind, method, amount, tendered, change, reference,"
                   " coalesce(shift_id, 0), %1 FROM payments"
                   " WHERE booking_id = ANY (?::bigint[]) ORDER BY booking_id, id")
        .arg(SqlValues::epochMs(QStringLiteral("at")));

QString idArray(const QList<qint64> &ids)
{
    QList<SqlArrayLiteral::Element> elements;
    for (const qint64 id : ids)
        elements << SqlArrayLiteral::number(id);
    return SqlArrayLiteral::of(elements);
}

std::optional<qint64> optionalAmount(const QVariant &value)
{
    return value.isNull() ? std::nullopt : std::optional<qint64>(value.toLongLong());
}
} // namespace

Result<QHash<qint64, QList<TicketCategory>>>
SalesRepository::categoriesOf(const QList<qint64> &showIds)
{
    QHash<qint64, QList<TicketCategory>> categories;
    if (showIds.isEmpty())
        return categories;
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kCategories, {idArray(showIds)}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next())
        categories[query->value(0).toLongLong()]
            << TicketCategory{query->value(1).toString(), query->value(2).toString(),
                              query->value(3).toLongLong()};
    return categories;
}

Result<bool> SalesRepository::setCategories(qint64 showId, const QList<TicketCategory> &categories)
{
    using namespace SqlArrayLiteral;
    QList<Element> codes, names, prices;
    for (const TicketCategory &category : categories) {
        codes << textOrNull(category.code);
        names << textOrNull(category.name);
        prices << number(category.price);
    }
    SqlRunner sql(m_session);
    QSqlQuery *query =
        sql.exec(kSetCategories, {showId, of(codes), of(names), of(prices)}, SqlRunner::Kind::Write);
    if (!query || !query->next())
        return sql.toDomainError();
    return query->value(0).toString() == QLatin1String("ok");
}

Result<QHash<qint64, SalesRepository::Money>>
SalesRepository::moneyOf(const QList<qint64> &bookingIds)
{
    QHash<qint64, Money> money;
    if (bookingIds.isEmpty())
        return money;
    const QString ids = idArray(bookingIds);
    SqlRunner sql(m_session);
    QSqlQuery *query = sql.exec(kLines, {ids}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next())
        money[query->value(0).toLongLong()].lines
            << BookingLine{query->value(1).toLongLong(), query->value(2).toString(),
                           query->value(3).toString(),  query->value(4).toLongLong(),
                           query->value(5).toInt(),     query->value(6).toInt()};
    query = sql.exec(kPayments, {ids}, SqlRunner::Kind::Read);
    if (!query)
        return sql.toDomainError();
    while (query->next()) {
        Payment payment;
        payment.id = query->value(1).toLongLong();
        payment.refund = query->value(2).toString() == QLatin1String("refund");
        payment.method = query->value(3).toString();
        payment.amount = query->value(4).toLongLong();
        payment.tendered = optionalAmount(query->value(5));
        payment.change = optionalAmount(query->value(6));
        payment.reference = query->value(7).toString();
        payment.shiftId = query->value(8).toLongLong();
        payment.at = SqlValues::toUtc(query->value(9));
        money[query->value(0).toLongLong()].payments << payment;
    }
    return money;
}

QList<BookingLine> SalesRepository::linesFromJson(const QString &json)
{
    QList<BookingLine> lines;
    for (const QJsonValue &value : QJsonDocument::fromJson(json.toUtf8()).array()) {
        const QJsonArray line = value.toArray();
        if (line.size() < 6)
            continue;
        lines << BookingLine{line[0].toInteger(), line[1].toString(), line[2].toString(),
                             line[3].toInteger(), int(line[4].toInteger()),
                             int(line[5].toInteger())};
    }
    return lines;
}
