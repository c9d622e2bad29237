#include "salescounter.h"

qint64 SalesCounter::pricedShow(const QString &name, int seats, const QJsonArray &categories)
{
    const auto reply = m_bench.http().post(QStringLiteral("/admin/shows"),
                                           {{"name", name},
                                            {"start_time", "2030-05-01T19:30:00Z"},
                                            {"total_seats", seats},
                                            {"categories", categories}},
                                           true);
    if (reply.status != 201)
        qWarning() << "creating a priced show failed:" << reply.describe();
    return reply.status == 201 ? reply.object().value("id").toInteger() : 0;
}

QByteArray SalesCounter::clerk(const QString &username, const QString &role)
{
    const auto session = m_staff.session(username, role);
    if (session.token.isEmpty())
        qWarning() << "no session for" << username << m_staff.errorString();
    return session.token;
}

TestHttpClient::Reply SalesCounter::post(const QByteArray &token, const QString &path,
                                         const QJsonObject &body)
{
    return m_bench.http().post(path, body, false, {{"Authorization", StaffCredentials::bearer(token)}});
}

TestHttpClient::Reply SalesCounter::get(const QByteArray &token, const QString &path)
{
    return m_bench.http().send("GET", path, {}, {{"Authorization", StaffCredentials::bearer(token)}});
}

TestHttpClient::Reply SalesCounter::openShift(const QByteArray &token, qint64 openingFloat)
{
    return post(token, QStringLiteral("/shifts"), {{"opening_float", openingFloat}});
}

TestHttpClient::Reply SalesCounter::closeShift(const QByteArray &token, qint64 shiftId,
                                               qint64 counted)
{
    return post(token, QStringLiteral("/shifts/%1/close").arg(shiftId), {{"counted_cash", counted}});
}

TestHttpClient::Reply SalesCounter::report(const QByteArray &token, qint64 shiftId)
{
    return get(token, QStringLiteral("/shifts/%1/report").arg(shiftId));
}

TestHttpClient::Reply SalesCounter::sell(const QByteArray &token, qint64 showId,
                                         const QJsonObject &body)
{
    return post(token, QStringLiteral("/shows/%1/sell").arg(showId), body);
}

QJsonArray SalesCounter::tickets(std::initializer_list<std::pair<const char *, int>> counts)
{
    QJsonArray array;
    for (const auto &[category, count] : counts)
        array.append(QJsonObject{{"category", category}, {"count", count}});
    return array;
}
