// The admin side of shows: create (start time normalised to UTC), change name,
// time and capacity (never below what is reserved), cancel with its bookings,
// and the paged booking list, all behind the bearer token.
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

    static QList<qint64> ids(const QJsonArray &bookings)
    {
        QList<qint64> result;
        for (const QJsonValue &value : bookings)
            result << value.toObject().value("id").toInteger();
        return result;
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

    void bookingListPagesWithTotalCount()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Paged"), 20);
        QVERIFY(id > 0);
        QList<qint64> booked;
        for (int i = 0; i < 5; ++i)
            booked << m_bench.bookOk(id, QStringLiteral("Guest %1").arg(i), 1);
        QVERIFY(!booked.contains(0));
        const QString path = QStringLiteral("/admin/shows/%1/bookings").arg(id);

        auto reply = m_bench.http().get(path, true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));
        QCOMPARE(ids(reply.array()), booked); // oldest first
        const QJsonObject first = reply.array().at(0).toObject();
        QCOMPARE(first.value("show_id").toInteger(), id);
        QCOMPARE(first.value("user_name").toString(), QStringLiteral("Guest 0"));

        reply = m_bench.http().get(path + QStringLiteral("?limit=2"), true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));
        QCOMPARE(ids(reply.array()), booked.mid(0, 2));

        reply = m_bench.http().get(path + QStringLiteral("?limit=2&offset=2"), true);
        QCOMPARE(ids(reply.array()), booked.mid(2, 2));
        reply = m_bench.http().get(path + QStringLiteral("?limit=2&offset=4"), true);
        QCOMPARE(ids(reply.array()), booked.mid(4, 1));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));

        reply = m_bench.http().get(path + QStringLiteral("?offset=10"), true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QVERIFY2(reply.array().isEmpty(), qPrintable(reply.describe()));
        QCOMPARE(reply.header("X-Total-Count"), QByteArray("5"));
    }

    void bookingListFiltersByStatus()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Filtered"), 20);
        QVERIFY(id > 0);
        const qint64 pending = m_bench.bookOk(id, QStringLiteral("Ann"), 1);
        const qint64 confirmed = m_bench.bookOk(id, QStringLiteral("Bob"), 1);
        const qint64 cancelled = m_bench.bookOk(id, QStringLiteral("Cid"), 1);
        QVERIFY(pending > 0 && confirmed > 0 && cancelled > 0);
        QVERIFY(
            m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(confirmed), {}).status ==
            200);
        QVERIFY(
            m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(cancelled), {}).status ==
            200);
        const QString path = QStringLiteral("/admin/shows/%1/bookings?status=").arg(id);

        const QList<std::tuple<QString, QList<qint64>>> cases = {
            {QStringLiteral("PENDING"), {pending}},
            {QStringLiteral("CONFIRMED"), {confirmed}},
            {QStringLiteral("CANCELLED"), {cancelled}},
            {QStringLiteral("EXPIRED"), {}},
            {QStringLiteral("PENDING,CONFIRMED"), {pending, confirmed}},
            {QStringLiteral("CONFIRMED,CANCELLED,PENDING"), {pending, confirmed, cancelled}},
            {QString(), {pending, confirmed, cancelled}},
        };
        for (const auto &[filter, expected] : cases) {
            const auto reply = m_bench.http().get(path + filter, true);
            QVERIFY2(reply.status == 200,
                     qPrintable(QStringLiteral("status=%1: %2").arg(filter, reply.describe())));
            QVERIFY2(ids(reply.array()) == expected,
                     qPrintable(QStringLiteral("status=%1: %2").arg(filter, reply.describe())));
            QCOMPARE(reply.header("X-Total-Count"), QByteArray::number(expected.size()));
            for (const QJsonValue &value : reply.array()) {
                const QString status = value.toObject().value("status").toString();
                QVERIFY2(filter.isEmpty() || filter.split(',').contains(status),
                         qPrintable(status));
            }
        }
    }

    void bookingListOfUnknownShowIsNotFound()
    {
        const auto reply = m_bench.http().get(
            QStringLiteral("/admin/shows/%1/bookings").arg(unknownShowId()), true);
        QVERIFY2(reply.status == 404, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("show_not_found"));
    }

    void bookingListRejectsBadStatusOrPaging_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown status") << "status=HELD"
                                        << "invalid_field";
        QTest::newRow("one bad status in a list") << "status=PENDING,SOLD"
                                                  << "invalid_field";
        QTest::newRow("limit 0") << "limit=0"
                                 << "out_of_range";
        QTest::newRow("limit 501") << "limit=501"
                                   << "out_of_range";
        QTest::newRow("limit negative") << "limit=-5"
                                        << "out_of_range";
        QTest::newRow("limit not a number") << "limit=ten"
                                            << "invalid_field";
        QTest::newRow("offset negative") << "offset=-1"
                                         << "out_of_range";
        QTest::newRow("offset not a number") << "offset=x"
                                             << "invalid_field";
    }

    void bookingListRejectsBadStatusOrPaging()
    {
        QFETCH(QString, query);
        QFETCH(QString, code);
        const qint64 id = m_bench.createShow(QStringLiteral("Bad paging"), 5);
        QVERIFY(id > 0);
        const auto reply = m_bench.http().get(
            QStringLiteral("/admin/shows/%1/bookings?%2").arg(id).arg(query), true);
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), code);
    }
};

QTEST_GUILESS_MAIN(TestAdminShows)
#include "tst_adminshows.moc"
