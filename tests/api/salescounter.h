#pragma once

#include "apitestbench.h"
#include "staffcredentials.h"

#include <QJsonArray>
#include <QJsonObject>

// What the sales tests do at the counter (issue 18), over the real API: a
// priced show, a clerk's session, a shift, sales, refunds. Lives on the test
// thread with the bench it drives.
class SalesCounter
{
public:
    explicit SalesCounter(ApiTestBench &bench) : m_bench(bench), m_staff(bench.http()) {}

    // A show selling these categories ({code, name, price}); its id, or 0 with a warning.
    qint64 pricedShow(const QString &name, int seats, const QJsonArray &categories);
    // A new clerk's (or admin's) session token, empty with a warning.
    QByteArray clerk(const QString &username, const QString &role = QStringLiteral("clerk"));
    // POST /shifts as that token.
    TestHttpClient::Reply openShift(const QByteArray &token, qint64 openingFloat);
    TestHttpClient::Reply closeShift(const QByteArray &token, qint64 shiftId, qint64 counted);
    TestHttpClient::Reply report(const QByteArray &token, qint64 shiftId);
    // POST /shows/:id/sell as that token.
    TestHttpClient::Reply sell(const QByteArray &token, qint64 showId, const QJsonObject &body);
    TestHttpClient::Reply post(const QByteArray &token, const QString &path,
                               const QJsonObject &body);
    TestHttpClient::Reply get(const QByteArray &token, const QString &path);

    static QJsonArray tickets(std::initializer_list<std::pair<const char *, int>> counts);
    static QJsonObject cash(qint64 tendered)
    {
        return {{"method", "cash"}, {"tendered", tendered}};
    }

private:
    ApiTestBench &m_bench;
    StaffCredentials m_staff;
};
