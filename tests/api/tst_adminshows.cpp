// The admin side of shows: create (start time normalised to UTC), change name,
// time and capacity (never below what is reserved), cancel with its bookings,
// all behind the bearer token. The paged booking list is tst_adminshowbookings.
#include "apitestbench.h"

#include <QtTest>

class TestAdminShows : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    qint64 unknownShowId()
    {
        return m_bench.sqlValue(QStringLiteral("SELECT coalesce(max(id), 0) + 1000 FROM shows"));
    }

    TestHttpClient::Reply sendWithoutToken(const QByteArray &method, const QString &path,
                                           const QByteArray &body, const QByteArray &authorization)
    {
        QList<QPair<QByteArray, QByteArray>> headers = {{"Content-Type", "application/json"}};
        if (!authorization.isEmpty())
            headers.append(qMakePair(QByteArray("Authorization"), QByteArray(authorization)));
        return m_bench.http().send(method, path, body, headers);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void createdShowStartTimeIsNormalisedToUtc_data()
    {
        QTest::addColumn<QString>("startTime");
        QTest::addColumn<QString>("expected");
        QTest::newRow("Z") << "2030-06-01T19:00:00Z"
                           << "2030-06-01T19:00:00.000Z";
        QTest::newRow("+02:00") << "2030-06-01T21:00:00+02:00"
                                << "2030-06-01T19:00:00.000Z";
        QTest::newRow("-0530") << "2030-06-01T13:30:00-0530"
                               << "2030-06-01T19:00:00.000Z";
        QTest::newRow("milliseconds kept") << "2030-06-01T19:00:00.123+00:00"
                                           << "2030-06-01T19:00:00.123Z";
        QTest::newRow("microseconds cut to ms") << "2030-06-01T19:00:00.123456Z"
                                                << "2030-06-01T19:00:00.123Z";
    }

    void createdShowStartTimeIsNormalisedToUtc()
    {
        QFETCH(QString, startTime);
        QFETCH(QString, expected);
        const auto reply = m_bench.http().post(
            QStringLiteral("/admin/shows"),
            {{"name", "Normalised"}, {"start_time", startTime}, {"total_seats", 40}}, true);
        QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
        const QJsonObject created = reply.object();
        QCOMPARE(created.value("start_time").toString(), expected);
        QCOMPARE(created.value("name").toString(), QStringLiteral("Normalised"));
        QCOMPARE(created.value("total_seats").toInt(), 40);
        QCOMPARE(created.value("reserved_seats").toInt(), 0);
        QCOMPARE(created.value("available_seats").toInt(), 40);
        QCOMPARE(created.value("held_seats").toInt(), 0);
        QCOMPARE(created.value("sold_seats").toInt(), 0);
        QCOMPARE(created.value("status").toString(), QStringLiteral("SCHEDULED"));
        const qint64 id = created.value("id").toInteger();
        QVERIFY2(id > 0, qPrintable(reply.describe()));
        // What was stored is what was answered.
        QCOMPARE(m_bench.show(id), created);
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT (extract(epoch FROM start_time) * "
                                                 "1000)::bigint FROM shows WHERE id = %1")
                                      .arg(id)),
                 QDateTime::fromString(expected, Qt::ISODateWithMs).toMSecsSinceEpoch());
    }

    void capacityBoundsAreAccepted_data()
    {
        QTest::addColumn<int>("seats");
        QTest::newRow("one seat") << 1;
        QTest::newRow("100000 seats") << 100000;
    }

    void capacityBoundsAreAccepted()
    {
        QFETCH(int, seats);
        const auto reply = m_bench.http().post(
            QStringLiteral("/admin/shows"),
            {{"name", "Bounds"}, {"start_time", "2030-01-01T00:00:00Z"}, {"total_seats", seats}},
            true);
        QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), seats);
    }

    void adminRoutesNeedTheBearerToken_data()
    {
        QTest::addColumn<QByteArray>("authorization");
        QTest::newRow("no token") << QByteArray();
        QTest::newRow("wrong token") << QByteArray("Bearer not-the-token");
        QTest::newRow("token without Bearer") << QByteArray("the-token");
    }

    void adminRoutesNeedTheBearerToken()
    {
        QFETCH(QByteArray, authorization);
        const qint64 id = m_bench.createShow(QStringLiteral("Guarded"), 10);
        QVERIFY(id > 0);
        const qint64 showsBefore = m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM shows"));
        const QString path = QStringLiteral("/admin/shows/%1").arg(id);
        const QList<std::tuple<QByteArray, QString, QByteArray>> requests = {
            {"POST", QStringLiteral("/admin/shows"),
             R"({"name":"Sneaky","start_time":"2030-01-01T00:00:00Z","total_seats":5})"},
            {"PATCH", path, R"({"name":"Renamed"})"},
            {"DELETE", path, {}},
            {"GET", path + QStringLiteral("/bookings"), {}},
        };
        for (const auto &[method, target, body] : requests) {
            const auto reply = sendWithoutToken(method, target, body, authorization);
            QVERIFY2(reply.status == 401,
                     qPrintable(QStringLiteral("%1 %2: expected 401, seen %3")
                                    .arg(QString::fromLatin1(method), target, reply.describe())));
            QCOMPARE(reply.object().value("code").toString(), QStringLiteral("unauthorized"));
        }
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM shows")), showsBefore);
        const QJsonObject unchanged = m_bench.show(id);
        QCOMPARE(unchanged.value("name").toString(), QStringLiteral("Guarded"));
        QCOMPARE(unchanged.value("status").toString(), QStringLiteral("SCHEDULED"));
    }

    void patchChangesNameTimeAndCapacity()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Before"), 10);
        QVERIFY(id > 0);
        const QString path = QStringLiteral("/admin/shows/%1").arg(id);

        auto reply = m_bench.http().patch(path, {{"name", "  Renamed  "}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("name").toString(), QStringLiteral("Renamed"));
        QCOMPARE(reply.object().value("total_seats").toInt(), 10);
        QCOMPARE(reply.object().value("start_time").toString(),
                 QStringLiteral("2030-01-01T19:30:00.000Z"));

        reply = m_bench.http().patch(path, {{"start_time", "2030-02-01T20:00:00+01:00"}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("start_time").toString(),
                 QStringLiteral("2030-02-01T19:00:00.000Z"));
        QCOMPARE(reply.object().value("name").toString(), QStringLiteral("Renamed"));

        reply = m_bench.http().patch(path, {{"total_seats", 30}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), 30);
        QCOMPARE(reply.object().value("available_seats").toInt(), 30);

        reply = m_bench.http().patch(
            path,
            {{"name", "All three"}, {"start_time", "2030-03-01T10:00:00Z"}, {"total_seats", 5}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonObject after = m_bench.show(id);
        QCOMPARE(after, reply.object());
        QCOMPARE(after.value("name").toString(), QStringLiteral("All three"));
        QCOMPARE(after.value("start_time").toString(), QStringLiteral("2030-03-01T10:00:00.000Z"));
        QCOMPARE(after.value("total_seats").toInt(), 5);
        QCOMPARE(
            m_bench.sqlValue(QStringLiteral("SELECT total_seats FROM shows WHERE id = %1").arg(id)),
            5);
    }

    void capacityCannotDropBelowReservedSeats()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Shrinking"), 10);
        QVERIFY(id > 0);
        const qint64 pending = m_bench.bookOk(id, QStringLiteral("Ann"), 4);
        const qint64 confirmed = m_bench.bookOk(id, QStringLiteral("Bob"), 2);
        QVERIFY(pending > 0 && confirmed > 0);
        const auto confirm =
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(confirmed), {});
        QVERIFY2(confirm.status == 200, qPrintable(confirm.describe()));

        const QString path = QStringLiteral("/admin/shows/%1").arg(id);
        auto reply = m_bench.http().patch(path, {{"total_seats", 5}, {"name", "Should not stick"}});
        QVERIFY2(reply.status == 409, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(),
                 QStringLiteral("capacity_below_reserved"));
        QCOMPARE(reply.object().value("reserved_seats").toInt(), 6);
        QCOMPARE(m_bench.show(id).value("total_seats").toInt(), 10);
        QCOMPARE(m_bench.show(id).value("name").toString(), QStringLiteral("Shrinking"));

        reply = m_bench.http().patch(path, {{"total_seats", 6}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), 6);
        QCOMPARE(reply.object().value("available_seats").toInt(), 0);

        const auto soldOut = m_bench.book(id, QStringLiteral("Cid"), 1);
        QVERIFY2(soldOut.status == 409, qPrintable(soldOut.describe()));
        QCOMPARE(soldOut.object().value("code").toString(), QStringLiteral("not_enough_seats"));
    }

    void patchOfCancelledShowIsRefused()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Gone"), 10);
        QVERIFY(id > 0);
        const auto cancelled = m_bench.http().remove(QStringLiteral("/admin/shows/%1").arg(id));
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        const auto reply =
            m_bench.http().patch(QStringLiteral("/admin/shows/%1").arg(id), {{"name", "Back"}});
        QVERIFY2(reply.status == 409, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("show_cancelled"));
        QCOMPARE(m_bench.show(id).value("name").toString(), QStringLiteral("Gone"));
    }

    void patchWithoutAnyChangeIsMissingField_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("only unknown fields") << QByteArray(R"({"colour":"red"})");
        QTest::newRow("only nulls") << QByteArray(R"({"name":null,"total_seats":null})");
    }

    void patchWithoutAnyChangeIsMissingField()
    {
        QFETCH(QByteArray, body);
        const qint64 id = m_bench.createShow(QStringLiteral("Unchanged"), 10);
        QVERIFY(id > 0);
        const auto reply =
            m_bench.http().send("PATCH", QStringLiteral("/admin/shows/%1").arg(id), body,
                                {{"Content-Type", "application/json"},
                                 {"Authorization", m_bench.http().adminHeader()}});
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("missing_field"));
    }

    void patchOrDeleteOfUnknownShowIsNotFound()
    {
        const qint64 unknown = unknownShowId();
        const auto patched = m_bench.http().patch(QStringLiteral("/admin/shows/%1").arg(unknown),
                                                  {{"name", "Nobody"}});
        QVERIFY2(patched.status == 404, qPrintable(patched.describe()));
        QCOMPARE(patched.object().value("code").toString(), QStringLiteral("show_not_found"));
        const auto deleted = m_bench.http().remove(QStringLiteral("/admin/shows/%1").arg(unknown));
        QVERIFY2(deleted.status == 404, qPrintable(deleted.describe()));
        QCOMPARE(deleted.object().value("code").toString(), QStringLiteral("show_not_found"));
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT count(*) FROM shows WHERE id = %1").arg(unknown)),
                 0);
    }

    void cancellingShowCancelsItsLiveBookings()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Cancelled tonight"), 20);
        QVERIFY(id > 0);
        const qint64 pending = m_bench.bookOk(id, QStringLiteral("Ann"), 3);
        const qint64 confirmed = m_bench.bookOk(id, QStringLiteral("Bob"), 2);
        const qint64 alreadyCancelled = m_bench.bookOk(id, QStringLiteral("Cid"), 1);
        QVERIFY(pending > 0 && confirmed > 0 && alreadyCancelled > 0);
        QVERIFY2(
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(confirmed), {}).status ==
                200,
            "confirm");
        QVERIFY2(m_bench.http()
                         .post(QStringLiteral("/bookings/%1/cancel").arg(alreadyCancelled), {})
                         .status == 200,
                 "cancel");
        // Another show's bookings are not touched.
        const qint64 otherShow = m_bench.createShow(QStringLiteral("Still on"), 5);
        const qint64 otherBooking = m_bench.bookOk(otherShow, QStringLiteral("Dee"), 2);
        QVERIFY(otherBooking > 0);

        const auto reply = m_bench.http().remove(QStringLiteral("/admin/shows/%1").arg(id));
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonObject body = reply.object();
        QCOMPARE(body.keys(), (QStringList{"cancelled_bookings", "show"}));
        QCOMPARE(body.value("cancelled_bookings").toInt(), 2);
        const QJsonObject cancelledShow = body.value("show").toObject();
        QCOMPARE(cancelledShow.value("id").toInteger(), id);
        QCOMPARE(cancelledShow.value("status").toString(), QStringLiteral("CANCELLED"));
        QCOMPARE(cancelledShow.value("reserved_seats").toInt(), 0);
        QCOMPARE(cancelledShow.value("held_seats").toInt(), 0);
        QCOMPARE(cancelledShow.value("sold_seats").toInt(), 0);
        QCOMPARE(m_bench.show(id), cancelledShow);

        for (const qint64 booking : {pending, confirmed, alreadyCancelled}) {
            const auto found = m_bench.http().get(QStringLiteral("/bookings/%1").arg(booking));
            QVERIFY2(found.status == 200, qPrintable(found.describe()));
            QVERIFY2(found.object().value("status").toString() == QLatin1String("CANCELLED"),
                     qPrintable(found.describe()));
            QVERIFY2(found.object().value("cancelled_at").isString(), qPrintable(found.describe()));
        }
        QCOMPARE(
            m_bench.sqlValue(
                QStringLiteral(
                    "SELECT count(*) FROM bookings WHERE show_id = %1 AND status <> 'CANCELLED'")
                    .arg(id)),
            0);
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(id)),
                 0);
        QCOMPARE(m_bench.http()
                     .get(QStringLiteral("/bookings/%1").arg(otherBooking))
                     .object()
                     .value("status")
                     .toString(),
                 QStringLiteral("PENDING"));

        const auto late = m_bench.book(id, QStringLiteral("Eve"), 1);
        QVERIFY2(late.status == 409, qPrintable(late.describe()));
        QCOMPARE(late.object().value("code").toString(), QStringLiteral("show_cancelled"));
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1").arg(id)),
                 3);
    }
};

QTEST_GUILESS_MAIN(TestAdminShows)
#include "tst_adminshows.moc"
