#include "dbassertions.h"

#include <QHash>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QUrlQuery>

namespace {

const char kShowCheck[] =
    "SELECT s.id, s.reserved_seats, s.total_seats,"
    "       COALESCE((SELECT sum(b.seats) FROM bookings b"
    "                 WHERE b.show_id = s.id AND b.status IN ('PENDING', 'CONFIRMED')), 0)"
    "  FROM shows s WHERE s.id = ANY(CAST(:ids AS bigint[]))";
const char kBookings[] =
    "SELECT id, seats FROM bookings WHERE id = ANY(CAST(:ids AS bigint[]))";
const char kMarkedRows[] = "SELECT count(*) FROM bookings WHERE user_name LIKE :prefix";

QString arrayLiteral(const QList<qint64> &ids)
{
    QStringList parts;
    parts.reserve(ids.size());
    for (qint64 id : ids)
        parts << QString::number(id);
    return QLatin1Char('{') + parts.join(QLatin1Char(',')) + QLatin1Char('}');
}

QSqlDatabase openUrl(const QString &text)
{
    const QUrl url(text);
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), QStringLiteral("loadtest-check"));
    db.setHostName(url.host());
    db.setPort(url.port(5432));
    db.setUserName(url.userName(QUrl::FullyDecoded));
    db.setPassword(url.password(QUrl::FullyDecoded));
    db.setDatabaseName(url.path(QUrl::FullyDecoded).mid(1));
    // libpq parameters in the query (host=/socket/dir, sslmode=...) pass through.
    QStringList options;
    for (const auto &item : QUrlQuery(url).queryItems(QUrl::FullyDecoded))
        options << item.first + QLatin1Char('=') + item.second;
    db.setConnectOptions(options.join(QLatin1Char(';')));
    db.open();
    return db;
}

} // namespace

DbCheck DbAssertions::check(const QString &databaseUrl, const QList<qint64> &showIds,
                            const QList<RunStats::Acknowledged> &acknowledged,
                            const QByteArray &userNamePrefix, QString *error)
{
    DbCheck result;
    QSqlDatabase db = openUrl(databaseUrl);
    if (!db.isOpen()) {
        *error = QStringLiteral("database check: cannot connect: %1").arg(db.lastError().text());
        return result;
    }
    QSqlQuery query(db);
    query.prepare(QString::fromLatin1(kShowCheck));
    query.bindValue(QStringLiteral(":ids"), arrayLiteral(showIds));
    if (!query.exec()) {
        *error = QStringLiteral("database check failed: %1").arg(query.lastError().text());
        return result;
    }
    while (query.next()) {
        ++result.shows;
        const qint64 reserved = query.value(1).toLongLong();
        const qint64 total = query.value(2).toLongLong();
        const qint64 held = query.value(3).toLongLong();
        if (reserved != held || reserved > total) {
            ++result.violations;
            result.details << QStringLiteral("show %1: reserved_seats %2, bookings hold %3, total %4")
                                  .arg(query.value(0).toLongLong()).arg(reserved).arg(held).arg(total);
        }
    }
    result.violations += showIds.size() - result.shows; // a show the run booked has vanished

    QHash<qint64, int> rows; // id -> seats as stored
    QList<qint64> ids;
    for (const auto &a : acknowledged)
        ids << a.bookingId;
    query.prepare(QString::fromLatin1(kBookings));
    query.bindValue(QStringLiteral(":ids"), arrayLiteral(ids));
    if (!query.exec()) {
        *error = QStringLiteral("database check failed: %1").arg(query.lastError().text());
        return result;
    }
    while (query.next())
        rows.insert(query.value(0).toLongLong(), query.value(1).toInt());
    QHash<qint64, int> seen;
    for (const auto &a : acknowledged) {
        if (++seen[a.bookingId] > 1) {
            ++result.duplicated; // the server acknowledged one id twice
            result.details << QStringLiteral("booking %1 acknowledged twice").arg(a.bookingId);
        } else if (!rows.contains(a.bookingId)) {
            ++result.lost;
            if (result.details.size() < 20)
                result.details << QStringLiteral("booking %1 acknowledged but missing").arg(a.bookingId);
        } else if (rows.value(a.bookingId) != a.seats) {
            ++result.violations;
            result.details << QStringLiteral("booking %1 has %2 seats, asked for %3")
                                  .arg(a.bookingId).arg(rows.value(a.bookingId)).arg(a.seats);
        }
    }
    query.prepare(QString::fromLatin1(kMarkedRows));
    query.bindValue(QStringLiteral(":prefix"), QString::fromUtf8(userNamePrefix) + QStringLiteral("-%"));
    if (!query.exec() || !query.next()) {
        *error = QStringLiteral("database check failed: %1").arg(query.lastError().text());
        return result;
    }
    const qint64 marked = query.value(0).toLongLong();
    if (marked > acknowledged.size()) {
        result.duplicated += marked - acknowledged.size();
        result.details << QStringLiteral("%1 booking rows for this run, %2 acknowledged")
                              .arg(marked).arg(acknowledged.size());
    }
    result.checked = true;
    return result;
}
