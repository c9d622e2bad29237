// A seated show's seats over the API (issue 17): GET /shows/:id/seats lists
// every seat of the plan with its state, and an admin's blocks (PATCH
// /admin/shows/:id/seats) take seats out of sale and give them back, all or
// nothing, with the capacity following. Plans and seated shows themselves are
// tst_seatingplans.
#include "apitestbench.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QSet>
#include <QtTest>

class TestSeatMap : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    // A plan of one section, rows A.. of seatsPerRow seats; its id, or 0 with a warning.
    qint64 createPlan(const QString &name, int rows, int seatsPerRow)
    {
        const auto reply = m_bench.http().post(
            QStringLiteral("/admin/plans"),
            {{"name", name},
             {"sections", QJsonArray{QJsonObject{{"name", "Stalls"},
                                                 {"category", "standard"},
                                                 {"rows", rows},
                                                 {"seats_per_row", seatsPerRow}}}}},
            true);
        if (reply.status != 201)
            qWarning() << "creating a plan failed:" << reply.describe();
        return reply.status == 201 ? reply.object().value("id").toInteger() : 0;
    }

    // A seated show on a new plan; its id, or 0 with a warning.
    qint64 seatedShow(const QString &name, int rows, int seatsPerRow, qint64 *planId = nullptr)
    {
        const qint64 plan = createPlan(name, rows, seatsPerRow);
        if (planId)
            *planId = plan;
        if (plan <= 0)
            return 0;
        const auto reply = m_bench.http().post(
            QStringLiteral("/admin/shows"),
            {{"name", name}, {"start_time", "2030-06-01T19:30:00Z"}, {"seating_plan_id", plan}},
            true);
        if (reply.status != 201)
            qWarning() << "creating a seated show failed:" << reply.describe();
        return reply.status == 201 ? reply.object().value("id").toInteger() : 0;
    }

    TestHttpClient::Reply seats(qint64 showId)
    {
        return m_bench.http().get(QStringLiteral("/shows/%1/seats").arg(showId));
    }

    TestHttpClient::Reply changeBlocks(qint64 showId, const QJsonObject &body)
    {
        return m_bench.http().patch(QStringLiteral("/admin/shows/%1/seats").arg(showId), body);
    }

    TestHttpClient::Reply changeBlocksRaw(qint64 showId, const QByteArray &body)
    {
        return m_bench.http().send("PATCH", QStringLiteral("/admin/shows/%1/seats").arg(showId),
                                   body,
                                   {{"Content-Type", "application/json"},
                                    {"Authorization", m_bench.http().adminHeader()}});
    }

    // label -> state in a seat map answer.
    static QHash<QString, QString> statesOf(const QJsonObject &map)
    {
        QHash<QString, QString> states;
        for (const QJsonValue &seat : map.value("seats").toArray())
            states.insert(seat.toObject().value("label").toString(),
                          seat.toObject().value("state").toString());
        return states;
    }

    qint64 assignments(qint64 showId)
    {
        return m_bench.sqlValue(
            QStringLiteral("SELECT count(*) FROM seat_assignments WHERE show_id = %1").arg(showId));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void seatMapListsEveryPlanSeatFree()
    {
        qint64 plan = 0;
        const qint64 show = seatedShow(QStringLiteral("Fresh"), 10, 20, &plan);
        QVERIFY(show > 0);
        const auto reply = seats(show);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QVERIFY2(reply.header("Content-Type").startsWith("application/json"),
                 reply.header("Content-Type").constData());
        QVERIFY2(QJsonDocument::fromJson(reply.body).isObject(), "the seat map is not JSON");
        const QJsonObject map = reply.object();
        QCOMPARE(map.value("show_id").toInteger(), show);
        QCOMPARE(map.value("plan_id").toInteger(), plan);
        const QJsonArray list = map.value("seats").toArray();
        QCOMPARE(list.size(), 200);
        QSet<QString> labels;
        QSet<qint64> ids;
        for (const QJsonValue &value : list) {
            const QJsonObject seat = value.toObject();
            const QString text = QString::fromUtf8(QJsonDocument(seat).toJson());
            QCOMPARE(seat.value("state").toString(), QStringLiteral("free"));
            QCOMPARE(seat.value("section").toString(), QStringLiteral("Stalls"));
            QCOMPARE(seat.value("category").toString(), QStringLiteral("standard"));
            QVERIFY2(seat.value("x").isDouble() && seat.value("y").isDouble(), qPrintable(text));
            const QString row = seat.value("row").toString();
            const int number = seat.value("number").toInt();
            QCOMPARE(seat.value("label").toString(), QStringLiteral("%1-%2").arg(row).arg(number));
            // Flags are sent only when true; a generated plan has none set.
            QVERIFY2(!seat.contains("accessible") && !seat.contains("restricted_view") &&
                         !seat.contains("aisle"),
                     qPrintable(text));
            labels.insert(seat.value("label").toString());
            ids.insert(seat.value("id").toInteger());
        }
        QCOMPARE(labels.size(), 200);
        QVERIFY(labels.contains(QStringLiteral("A-1")) && labels.contains(QStringLiteral("J-20")));
        QCOMPARE(ids.size(), 200);
        QCOMPARE(map.value("counts").toObject(),
                 (QJsonObject{{"free", 200}, {"held", 0}, {"sold", 0}, {"blocked", 0}}));
    }

    void blockingTakesSeatsOutOfSaleAndUnblockingGivesThemBack()
    {
        const qint64 show = seatedShow(QStringLiteral("Sound desk"), 10, 20);
        QVERIFY(show > 0);

        auto reply = changeBlocks(show, {{"block", QJsonArray{"E-10", "E-11"}}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("show_id").toInteger(), show);
        QCOMPARE(reply.object().value("total_seats").toInt(), 198);
        QCOMPARE(reply.object().value("blocked_seats").toInt(), 2);
        QCOMPARE(reply.object().value("available_seats").toInt(), 198);
        QJsonObject shown = m_bench.show(show);
        QCOMPARE(shown.value("total_seats").toInt(), 198);
        QCOMPARE(shown.value("available_seats").toInt(), 198);

        auto map = seats(show).object();
        auto states = statesOf(map);
        QCOMPARE(states.size(), 200);
        QCOMPARE(states.value("E-10"), QStringLiteral("blocked"));
        QCOMPARE(states.value("E-11"), QStringLiteral("blocked"));
        QCOMPARE(states.value("E-12"), QStringLiteral("free"));
        QCOMPARE(map.value("counts").toObject(),
                 (QJsonObject{{"free", 198}, {"held", 0}, {"sold", 0}, {"blocked", 2}}));

        // Blocking a blocked seat again changes nothing.
        reply = changeBlocks(show, {{"block", QJsonArray{"E-10"}}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), 198);

        reply = changeBlocks(show, {{"unblock", QJsonArray{"E-10", "E-11"}}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), 200);
        QCOMPARE(reply.object().value("blocked_seats").toInt(), 0);
        shown = m_bench.show(show);
        QCOMPARE(shown.value("total_seats").toInt(), 200);
        map = seats(show).object();
        QCOMPARE(statesOf(map).value("E-10"), QStringLiteral("free"));
        QCOMPARE(map.value("counts").toObject().value("free").toInt(), 200);

        // One request may do both, and each change is in the audit log.
        reply = changeBlocks(show, {{"block", QJsonArray{"A-1"}}, {"unblock", QJsonArray{"A-2"}}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), 199);
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log"
                                                 " WHERE action = 'show.seats' AND target_type = "
                                                 "'show' AND target_id = '%1'")
                                      .arg(show)),
                 4);
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'show.seats'"
                                    " AND target_id = '%1' AND before->>'total_seats' = '200'"
                                    " AND after->>'total_seats' = '198'"
                                    " AND after->'blocked' = '[\"E-10\", \"E-11\"]'::jsonb")
                         .arg(show)),
                 1);
    }

    void blockingAnUnknownSeatNamesItAndChangesNothing()
    {
        const qint64 show = seatedShow(QStringLiteral("Unknown seat"), 2, 5);
        QVERIFY(show > 0);
        const auto reply = changeBlocks(show, {{"block", QJsonArray{"A-1", "Z-99", "B-6"}}});
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(reply.object().value("seats").toArray(), (QJsonArray{"Z-99", "B-6"}));
        QVERIFY2(reply.object().value("error").toString().contains(QStringLiteral("Z-99")),
                 qPrintable(reply.describe()));
        QCOMPARE(assignments(show), 0);
        QCOMPARE(m_bench.show(show).value("total_seats").toInt(), 10);
    }

    void badBlockRequestsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("empty object") << QByteArray("{}") << "missing_field";
        QTest::newRow("both lists empty")
            << QByteArray("{\"block\":[],\"unblock\":[]}") << "missing_field";
        QTest::newRow("nulls") << QByteArray("{\"block\":null}") << "missing_field";
        QTest::newRow("block not a list") << QByteArray("{\"block\":\"A-1\"}") << "invalid_field";
        QTest::newRow("a label that is a number")
            << QByteArray("{\"block\":[\"A-1\",2]}") << "invalid_field";
        QTest::newRow("a seat twice")
            << QByteArray("{\"block\":[\"A-1\",\"A-2\",\"A-1\"]}") << "invalid_field";
        QTest::newRow("a seat in both lists")
            << QByteArray("{\"block\":[\"A-1\"],\"unblock\":[\"A-1\"]}") << "invalid_field";
        QTest::newRow("not an object") << QByteArray("[\"A-1\"]") << "invalid_json";
    }

    void badBlockRequestsAreRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const qint64 show = seatedShow(QStringLiteral("Bad blocks"), 1, 5);
        QVERIFY(show > 0);
        const auto reply = changeBlocksRaw(show, body);
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), code);
        QVERIFY2(reply.object().value("error").isString(), qPrintable(reply.describe()));
        QCOMPARE(assignments(show), 0);
    }

    // A held or sold seat cannot be blocked; the whole change is refused.
    void blockingAHeldSeatIsSeatsTaken()
    {
        qint64 plan = 0;
        const qint64 show = seatedShow(QStringLiteral("Held seat"), 3, 10, &plan);
        QVERIFY(show > 0);
        // A hold on C-5 made as the booking path makes it: the booking, its
        // seat and the show's count, in one statement.
        QCOMPARE(
            m_bench.sqlValue(
                QStringLiteral(
                    "WITH b AS (INSERT INTO bookings (show_id, user_name, seats, reference,"
                    "                                 expires_at)"
                    "           VALUES (%1, 'Held', 1, 'SEATMAP%1', now() + interval '1 hour')"
                    "           RETURNING id),"
                    " s AS (UPDATE shows SET reserved_seats = reserved_seats + 1"
                    "        WHERE id = %1 RETURNING id),"
                    " a AS (INSERT INTO seat_assignments (show_id, plan_id, seat_id, booking_id)"
                    "       SELECT %1, %2, ps.id, b.id FROM b, s, plan_seats ps"
                    "        WHERE ps.plan_id = %2 AND ps.label = 'C-5' RETURNING 1)"
                    " SELECT count(*) FROM a")
                    .arg(show)
                    .arg(plan)),
            1);
        QCOMPARE(statesOf(seats(show).object()).value("C-5"), QStringLiteral("held"));

        const auto reply = changeBlocks(show, {{"block", QJsonArray{"C-4", "C-5"}}});
        QVERIFY2(reply.status == 409, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("seats_taken"));
        QCOMPARE(reply.object().value("seats").toArray(), QJsonArray{"C-5"});
        QVERIFY2(reply.object().value("error").toString().contains(QStringLiteral("C-5")),
                 qPrintable(reply.describe()));
        QCOMPARE(assignments(show), 1);
        const QJsonObject map = seats(show).object();
        QCOMPARE(statesOf(map).value("C-4"), QStringLiteral("free"));
        QCOMPARE(map.value("counts").toObject(),
                 (QJsonObject{{"free", 29}, {"held", 1}, {"sold", 0}, {"blocked", 0}}));
        QCOMPARE(m_bench.show(show).value("total_seats").toInt(), 30);
        QCOMPARE(m_bench.show(show).value("available_seats").toInt(), 29);
    }

    void allSeatsBlockedIsSoldOut()
    {
        const qint64 show = seatedShow(QStringLiteral("Closed balcony"), 1, 3);
        QVERIFY(show > 0);
        const auto reply = changeBlocks(show, {{"block", QJsonArray{"A-1", "A-2", "A-3"}}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("total_seats").toInt(), 0);
        QCOMPARE(reply.object().value("available_seats").toInt(), 0);

        const auto list = m_bench.http().get(QStringLiteral("/shows"));
        QVERIFY2(list.status == 200, qPrintable(list.describe()));
        bool listed = false;
        for (const QJsonValue &value : list.array()) {
            const QJsonObject listedShow = value.toObject();
            if (listedShow.value("id").toInteger() != show)
                continue;
            listed = true;
            QCOMPARE(listedShow.value("total_seats").toInt(), 0);
            QCOMPARE(listedShow.value("available_seats").toInt(), 0);
            QCOMPARE(listedShow.value("status").toString(), QStringLiteral("SCHEDULED"));
        }
        QVERIFY2(listed, "the blocked show is not in GET /shows");
        QCOMPARE(seats(show).object().value("counts").toObject(),
                 (QJsonObject{{"free", 0}, {"held", 0}, {"sold", 0}, {"blocked", 3}}));

        const auto back = changeBlocks(show, {{"unblock", QJsonArray{"A-2"}}});
        QVERIFY2(back.status == 200, qPrintable(back.describe()));
        QCOMPARE(m_bench.show(show).value("available_seats").toInt(), 1);
    }

    void generalAdmissionShowHasNoSeatMap()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Standing only"), 100);
        QVERIFY(show > 0);
        const auto map = seats(show);
        QVERIFY2(map.status == 404, qPrintable(map.describe()));
        QCOMPARE(map.object().value("code").toString(), QStringLiteral("not_found"));
        QCOMPARE(map.object().value("reason").toString(), QStringLiteral("general_admission"));

        const auto blocks = changeBlocks(show, {{"block", QJsonArray{"A-1"}}});
        QVERIFY2(blocks.status == 400, qPrintable(blocks.describe()));
        QCOMPARE(blocks.object().value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(m_bench.show(show).value("total_seats").toInt(), 100);
    }

    void unknownShowIsShowNotFound()
    {
        const qint64 unknown =
            m_bench.sqlValue(QStringLiteral("SELECT coalesce(max(id), 0) + 1000 FROM shows"));
        const auto map = seats(unknown);
        QVERIFY2(map.status == 404, qPrintable(map.describe()));
        QCOMPARE(map.object().value("code").toString(), QStringLiteral("show_not_found"));
        const auto blocks = changeBlocks(unknown, {{"block", QJsonArray{"A-1"}}});
        QVERIFY2(blocks.status == 404, qPrintable(blocks.describe()));
        QCOMPARE(blocks.object().value("code").toString(), QStringLiteral("show_not_found"));
    }

    void cancelledShowSeatsCannotBeChanged()
    {
        const qint64 show = seatedShow(QStringLiteral("Called off"), 1, 4);
        QVERIFY(show > 0);
        const auto cancelled = m_bench.http().remove(QStringLiteral("/admin/shows/%1").arg(show));
        QVERIFY2(cancelled.status == 200, qPrintable(cancelled.describe()));
        const auto reply = changeBlocks(show, {{"block", QJsonArray{"A-1"}}});
        QVERIFY2(reply.status == 409, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("show_cancelled"));
        QCOMPARE(assignments(show), 0);
    }

    void blocksNeedTheAdminTokenAndTheMapDoesNot()
    {
        const qint64 show = seatedShow(QStringLiteral("Guarded seats"), 1, 4);
        QVERIFY(show > 0);
        for (const QByteArray &authorization : {QByteArray(), QByteArray("Bearer not-the-token")}) {
            QList<QPair<QByteArray, QByteArray>> headers = {{"Content-Type", "application/json"}};
            if (!authorization.isEmpty())
                headers.append(qMakePair(QByteArray("Authorization"), authorization));
            const auto reply =
                m_bench.http().send("PATCH", QStringLiteral("/admin/shows/%1/seats").arg(show),
                                    "{\"block\":[\"A-1\"]}", headers);
            QVERIFY2(reply.status == 401, qPrintable(reply.describe()));
            QCOMPARE(reply.object().value("code").toString(), QStringLiteral("unauthorized"));
        }
        QCOMPARE(assignments(show), 0);
        const auto map = seats(show);
        QVERIFY2(map.status == 200, qPrintable(map.describe()));
    }

    // Not a timed assertion: a 10 000-seat map is whole, and how long it took
    // is printed for docs/performance.md.
    void tenThousandSeatMapIsWhole()
    {
        const qint64 show = seatedShow(QStringLiteral("Arena"), 100, 100);
        QVERIFY(show > 0);
        QJsonArray block;
        for (int seat = 1; seat <= 100; ++seat)
            block.append(QStringLiteral("A-%1").arg(seat));
        const auto blocked = changeBlocks(show, {{"block", block}});
        QVERIFY2(blocked.status == 200, qPrintable(blocked.describe()));
        QCOMPARE(blocked.object().value("total_seats").toInt(), 9900);
        seats(show); // the first read may load the plan; the next ones are what a client sees
        QElapsedTimer timer;
        constexpr int kRounds = 20;
        qint64 bytes = 0;
        timer.start();
        for (int round = 0; round < kRounds; ++round) {
            const auto reply = seats(show);
            QVERIFY2(reply.status == 200, qPrintable(reply.describe().left(200)));
            bytes = reply.body.size();
        }
        const double perMap = double(timer.nsecsElapsed()) / 1e6 / kRounds;
        const QJsonObject map = seats(show).object();
        QCOMPARE(map.value("seats").toArray().size(), 10000);
        QCOMPARE(map.value("counts").toObject(),
                 (QJsonObject{{"free", 9900}, {"held", 0}, {"sold", 0}, {"blocked", 100}}));
        qInfo("10 000-seat map: %.1f ms per GET /shows/:id/seats (client included), %lld bytes",
              perMap, qlonglong(bytes));
    }
};

QTEST_GUILESS_MAIN(TestSeatMap)
#include "tst_seatmap.moc"
