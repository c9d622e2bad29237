#include "bookinganswers.h"

#include "loadgenerator.h"
#include "testdatabase.h"

#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

namespace BookingAnswers {

QByteArray bookRequest(qint64 showId, const QString &userName, int seats, const QByteArray &key)
{
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("user_name"), userName},
                                                      {QStringLiteral("seats"), seats}})
                                .toJson(QJsonDocument::Compact);
    QList<QPair<QByteArray, QByteArray>> headers;
    if (!key.isEmpty())
        headers << qMakePair(QByteArray("Idempotency-Key"), key);
    return LoadGenerator::rawRequest("POST", QStringLiteral("/shows/%1/book").arg(showId), body,
                                     headers);
}

Parsed parse(const QList<QByteArray> &bodies)
{
    Parsed parsed;
    for (const QByteArray &body : bodies) {
        const QJsonObject object = QJsonDocument::fromJson(body).object();
        if (object.value(QStringLiteral("id")).isDouble()) {
            parsed.held << Held{object.value(QStringLiteral("id")).toInteger(),
                                object.value(QStringLiteral("reference")).toString(),
                                object.value(QStringLiteral("show_id")).toInteger(),
                                object.value(QStringLiteral("user_name")).toString(),
                                object.value(QStringLiteral("seats")).toInt(),
                                object.value(QStringLiteral("status")).toString()};
        } else if (object.value(QStringLiteral("code")).isString()) {
            parsed.refused << object;
        } else {
            parsed.unreadable << body;
        }
    }
    return parsed;
}

QHash<qint64, Held> storedBookings(const QString &databaseUrl)
{
    QHash<qint64, Held> stored;
    QSqlQuery query(TestDatabase::open(databaseUrl));
    if (!query.exec(QStringLiteral(
            "SELECT id, reference, show_id, user_name, seats, status FROM bookings"))) {
        qWarning("reading bookings failed: %s", qPrintable(query.lastError().text()));
        return stored;
    }
    while (query.next())
        stored.insert(query.value(0).toLongLong(),
                      Held{query.value(0).toLongLong(), query.value(1).toString(),
                           query.value(2).toLongLong(), query.value(3).toString(),
                           query.value(4).toInt(), query.value(5).toString()});
    return stored;
}

QString describe(const Held &booking)
{
    return QStringLiteral("booking %1 (%2) show %3 '%4' %5 seats %6")
        .arg(QString::number(booking.id), booking.reference, QString::number(booking.showId),
             booking.userName, QString::number(booking.seats), booking.status);
}

} // namespace BookingAnswers
