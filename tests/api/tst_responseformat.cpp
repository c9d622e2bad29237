// What every answer looks like, success or error: a Date header in RFC 7231
// format close to now, Content-Type application/json, a JSON body, and every
// timestamp in it as ISO 8601 UTC with milliseconds.
#include "apitestbench.h"

#include "timestamps.h"

#include <QRegularExpression>
#include <QtTest>

class TestResponseFormat : public QObject
{
    Q_OBJECT

private:
    struct Call
    {
        QByteArray method;
        QString path;
        QByteArray body;
        bool admin = false;
        int expectedStatus = 200;
    };

    ApiTestBench m_bench;

    TestHttpClient::Reply send(const Call &call)
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!call.body.isEmpty())
            headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        if (call.admin)
            headers.append(
                qMakePair(QByteArray("Authorization"), QByteArray(m_bench.http().adminHeader())));
        return m_bench.http().send(call.method, call.path, call.body, headers);
    }

    // A request of every kind the API answers, on a show of this test's own.
    QList<Call> everyKindOfCall()
    {
        const qint64 showId = m_bench.createShow(QStringLiteral("Format"), 5);
        const auto booked = m_bench.book(showId, QStringLiteral("Ann"), 2);
        const qint64 bookingId = booked.object().value("id").toInteger();
        const QString reference = booked.object().value("reference").toString();
        const auto toCancel = m_bench.book(showId, QStringLiteral("Bob"), 1);
        const qint64 cancelId = toCancel.object().value("id").toInteger();
        const QString show = QStringLiteral("/shows/%1").arg(showId);
        return {
            {"GET", QStringLiteral("/health"), {}, false, 200},
            {"GET", QStringLiteral("/shows"), {}, false, 200},
            {"GET", show, {}, false, 200},
            {"POST", QStringLiteral("/admin/shows"),
             R"({"name":"F2","start_time":"2030-01-01T20:00:00+01:00","total_seats":3})", true,
             201},
            {"PATCH", QStringLiteral("/admin/shows/%1").arg(showId), R"({"name":"Format renamed"})",
             true, 200},
            {"POST", show + QStringLiteral("/book"), R"({"user_name":"Cid","seats":1})", false,
             201},
            {"GET", QStringLiteral("/bookings/%1").arg(bookingId), {}, false, 200},
            {"GET", QStringLiteral("/bookings/by-reference/%1").arg(reference), {}, false, 200},
            {"POST", QStringLiteral("/bookings/%1/confirm").arg(bookingId), {}, false, 200},
            {"POST", QStringLiteral("/bookings/%1/cancel").arg(cancelId), {}, false, 200},
            {"GET", QStringLiteral("/admin/shows/%1/bookings").arg(showId), {}, true, 200},
            {"POST", show + QStringLiteral("/book"), R"({"user_name":"Dee","seats":5})", false,
             409},
            {"GET", QStringLiteral("/shows/abc"), {}, false, 400},
            {"GET", QStringLiteral("/nowhere"), {}, false, 404},
            {"PUT", QStringLiteral("/shows"), {}, false, 405},
            {"POST", QStringLiteral("/admin/shows"), R"({})", false, 401},
            {"DELETE", QStringLiteral("/admin/shows/%1").arg(showId), {}, true, 200},
        };
    }

    // Every string under a key naming a time, anywhere in the document.
    static void collectTimes(const QJsonValue &value, const QString &key, QStringList *times)
    {
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (auto it = object.begin(); it != object.end(); ++it)
                collectTimes(it.value(), it.key(), times);
        } else if (value.isArray()) {
            for (const QJsonValue &item : value.toArray())
                collectTimes(item, key, times);
        } else if ((key.endsWith(QLatin1String("_at")) || key.endsWith(QLatin1String("_time"))) &&
                   !value.isNull()) {
            *times << (value.isString() ? value.toString() : QStringLiteral("<not a string>"));
        }
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        QVERIFY2(m_bench.server().isRunning(), qPrintable(m_bench.server().output()));
    }

    void everyResponseHasDateAndJsonContentType()
    {
        for (const Call &call : everyKindOfCall()) {
            const QString what =
                QStringLiteral("%1 %2").arg(QString::fromLatin1(call.method), call.path);
            const QDateTime before = QDateTime::currentDateTimeUtc();
            const auto reply = send(call);
            const QDateTime after = QDateTime::currentDateTimeUtc();
            QVERIFY2(reply.status == call.expectedStatus,
                     qPrintable(QStringLiteral("%1: expected %2, seen %3")
                                    .arg(what)
                                    .arg(call.expectedStatus)
                                    .arg(reply.describe())));

            const QByteArray dateHeader = reply.header("Date");
            static const QRegularExpression imfFixdate(QStringLiteral(
                R"(^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d\d (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d\d:\d\d:\d\d GMT$)"));
            QVERIFY2(imfFixdate.match(QString::fromLatin1(dateHeader)).hasMatch(),
                     qPrintable(QStringLiteral("%1: Date '%2' is not an IMF-fixdate")
                                    .arg(what, QString::fromLatin1(dateHeader))));
            const QDateTime date = Timestamps::parseHttpDate(QString::fromLatin1(dateHeader));
            QVERIFY2(date.isValid(), qPrintable(QStringLiteral("%1: Date '%2' does not parse")
                                                    .arg(what, QString::fromLatin1(dateHeader))));
            QVERIFY2(date >= before.addSecs(-3) && date <= after.addSecs(3),
                     qPrintable(QStringLiteral("%1: Date %2 not near now (%3)")
                                    .arg(what, QString::fromLatin1(dateHeader),
                                         Timestamps::toHttpDate(before))));

            const QByteArray contentType = reply.header("Content-Type");
            QVERIFY2(contentType.split(';').first().trimmed() == "application/json",
                     qPrintable(QStringLiteral("%1: Content-Type '%2'")
                                    .arg(what, QString::fromLatin1(contentType))));
            QJsonParseError parseError;
            QJsonDocument::fromJson(reply.body, &parseError);
            QVERIFY2(
                parseError.error == QJsonParseError::NoError,
                qPrintable(QStringLiteral("%1: body is not JSON: %2").arg(what, reply.describe())));
            if (reply.status >= 400) {
                QVERIFY2(reply.object().value("error").isString() &&
                             reply.object().value("code").isString(),
                         qPrintable(QStringLiteral("%1: error body without error/code: %2")
                                        .arg(what, reply.describe())));
            }
        }
    }

    void everyTimestampIsIsoUtcWithMilliseconds()
    {
        static const QRegularExpression isoUtc(
            QStringLiteral(R"(^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$)"));
        int seen = 0;
        for (const Call &call : everyKindOfCall()) {
            const auto reply = send(call);
            QStringList times;
            collectTimes(QJsonDocument::fromJson(reply.body).isArray() ? QJsonValue(reply.array())
                                                                       : QJsonValue(reply.object()),
                         QString(), &times);
            for (const QString &time : times) {
                QVERIFY2(isoUtc.match(time).hasMatch(),
                         qPrintable(QStringLiteral("%1 %2: timestamp '%3' in %4")
                                        .arg(QString::fromLatin1(call.method), call.path, time,
                                             reply.describe())));
                ++seen;
            }
        }
        // start_time, created_at, expires_at, confirmed_at, cancelled_at all came by.
        QVERIFY2(seen >= 20, qPrintable(QStringLiteral("only %1 timestamps seen").arg(seen)));
    }
};

QTEST_GUILESS_MAIN(TestResponseFormat)
#include "tst_responseformat.moc"
