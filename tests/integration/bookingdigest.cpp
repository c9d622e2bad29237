#include "bookingdigest.h"

#include "auth/bearertoken.h"
#include "bookingsequence.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

#include <functional>

namespace BookingDigest {

namespace {
// A chosen token is the same in both runs, so it is compared; a drawn one only by shape.
QString tokenName(const QByteArray &token)
{
    if (token.isEmpty())
        return QStringLiteral("none");
    if (BookingSequence::chosenTokens().contains(token))
        return QString::fromLatin1(token);
    return BookingService::checkAccessToken(token) ? QStringLiteral("malformed ") + token
                                                   : QStringLiteral("drawn");
}

QString digestName(const QVariant &digest)
{
    if (digest.isNull())
        return QStringLiteral("none");
    for (const QByteArray &token : BookingSequence::chosenTokens())
        if (BearerToken::digest(token) == digest.toByteArray())
            return QString::fromLatin1(token);
    return digest.toByteArray().size() == 32 ? QStringLiteral("drawn")
                                             : QStringLiteral("bad digest");
}

QString orNull(const QVariant &value)
{
    return value.isNull() ? QStringLiteral("null") : value.toString();
}

void rows(const QSqlDatabase &db, const QString &statement,
          const std::function<QString(const QSqlQuery &)> &line, QStringList &out)
{
    QSqlQuery query(db);
    if (!query.exec(statement)) {
        out << QStringLiteral("query failed: %1: %2").arg(statement, query.lastError().text());
        return;
    }
    while (query.next())
        out << line(query);
}
} // namespace

QString answer(const Result<BookingService::Booked> &result)
{
    if (!result) {
        const DomainError &error = result.error();
        return QStringLiteral("error %1 '%2' %3")
            .arg(errorCodeName(error.code), error.message,
                 QString::fromUtf8(QJsonDocument(error.details).toJson(QJsonDocument::Compact)));
    }
    const Booking &booking = result->booking;
    return QStringLiteral("booking %1 show %2 user '%3' seats %4 %5%6 token %7")
        .arg(QString::number(booking.id), QString::number(booking.showId), booking.userName,
             QString::number(booking.seats), Booking::statusName(booking.status),
             result->replayed ? QStringLiteral(" replayed") : QString(),
             tokenName(result->accessToken));
}

QStringList tables(const QSqlDatabase &db)
{
    QStringList out;
    rows(
        db, QStringLiteral("SELECT id, total_seats, reserved_seats, status FROM shows ORDER BY id"),
        [](const QSqlQuery &q) {
            return QStringLiteral("show %1 total %2 reserved %3 %4")
                .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString());
        },
        out);
    rows(
        db,
        QStringLiteral("SELECT id, show_id, user_name, seats, status, created_by_token_id, "
                       "access_token_hash FROM bookings ORDER BY id"),
        [](const QSqlQuery &q) {
            return QStringLiteral("booking %1 show %2 user '%3' seats %4 %5 by %6 access %7")
                .arg(q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                     q.value(3).toString(), q.value(4).toString(), orNull(q.value(5)),
                     digestName(q.value(6)));
        },
        out);
    rows(
        db,
        QStringLiteral("SELECT key, request_hash, booking_id FROM idempotency_keys ORDER BY key"),
        [](const QSqlQuery &q) {
            return QStringLiteral("key %1 hash %2 booking %3")
                .arg(q.value(0).toString(), q.value(1).toString(), orNull(q.value(2)));
        },
        out);
    return out;
}

QHash<qint64, QString> references(const QSqlDatabase &db)
{
    QHash<qint64, QString> out;
    QSqlQuery query(db);
    if (query.exec(QStringLiteral("SELECT id, reference FROM bookings")))
        while (query.next())
            out.insert(query.value(0).toLongLong(), query.value(1).toString());
    return out;
}

} // namespace BookingDigest
