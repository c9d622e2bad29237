// Seating plans and seated shows (issue 17) over the API: a plan made from a
// generator body reads back seat by seat, is listed, bad plans change nothing,
// and a show made from a plan takes its capacity from it (and keeps it: PATCH
// of total_seats is refused). The seat map and blocks are tst_seatmap.
#include "apitestbench.h"

#include <QJsonArray>
#include <QSet>
#include <QtTest>

class TestSeatingPlans : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    static QJsonObject studioBody(const QString &name = QStringLiteral("Studio"))
    {
        return {{"name", name},
                {"sections", QJsonArray{QJsonObject{{"name", "Stalls"},
                                                    {"category", "standard"},
                                                    {"rows", 10},
                                                    {"seats_per_row", 20}}}}};
    }

    // The id of a new plan, or 0 with a warning saying why.
    qint64 createPlan(const QJsonObject &body)
    {
        const auto reply = m_bench.http().post(QStringLiteral("/admin/plans"), body, true);
        if (reply.status != 201)
            qWarning() << "creating a plan failed:" << reply.describe();
        return reply.status == 201 ? reply.object().value("id").toInteger() : 0;
    }

    TestHttpClient::Reply createSeatedShow(const QString &name, qint64 planId)
    {
        return m_bench.http().post(
            QStringLiteral("/admin/shows"),
            {{"name", name}, {"start_time", "2030-05-01T19:30:00Z"}, {"seating_plan_id", planId}},
            true);
    }

    qint64 count(const QString &table)
    {
        return m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM %1").arg(table));
    }

    qint64 unknownPlanId()
    {
        return m_bench.sqlValue(
            QStringLiteral("SELECT coalesce(max(id), 0) + 1000 FROM seating_plans"));
    }

    // Every seat label of a plan as GET /plans/:id answers it, in order.
    static QStringList labelsOf(const QJsonObject &plan)
    {
        QStringList labels;
        for (const QJsonValue &section : plan.value("sections").toArray())
            for (const QJsonValue &row : section.toObject().value("rows").toArray())
                for (const QJsonValue &seat : row.toObject().value("seats").toArray())
                    labels << seat.toObject().value("label").toString();
        return labels;
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void generatorPlanHasTwoHundredSeatsAToJ()
    {
        const auto created =
            m_bench.http().post(QStringLiteral("/admin/plans"), studioBody(), true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const qint64 id = created.object().value("id").toInteger();
        QVERIFY2(id > 0, qPrintable(created.describe()));

        const auto read = m_bench.http().get(QStringLiteral("/plans/%1").arg(id));
        QVERIFY2(read.status == 200, qPrintable(read.describe()));
        const QJsonObject plan = read.object();
        QCOMPARE(plan, created.object());
        QCOMPARE(plan.value("id").toInteger(), id);
        QCOMPARE(plan.value("name").toString(), QStringLiteral("Studio"));
        QCOMPARE(plan.value("seat_count").toInt(), 200);
        const QJsonArray sections = plan.value("sections").toArray();
        QCOMPARE(sections.size(), 1);
        const QJsonObject stalls = sections.at(0).toObject();
        QCOMPARE(stalls.value("name").toString(), QStringLiteral("Stalls"));
        QCOMPARE(stalls.value("category").toString(), QStringLiteral("standard"));
        const QJsonArray rows = stalls.value("rows").toArray();
        QCOMPARE(rows.size(), 10);

        QStringList expected;
        for (char row = 'A'; row <= 'J'; ++row)
            for (int seat = 1; seat <= 20; ++seat)
                expected << QStringLiteral("%1-%2").arg(QLatin1Char(row)).arg(seat);
        const QStringList labels = labelsOf(plan);
        QCOMPARE(labels.size(), 200);
        QCOMPARE(QSet<QString>(labels.cbegin(), labels.cend()),
                 QSet<QString>(expected.cbegin(), expected.cend()));
        QSet<qint64> ids;
        for (qsizetype r = 0; r < rows.size(); ++r) {
            const QJsonObject row = rows.at(r).toObject();
            QCOMPARE(row.value("label").toString(), QString(QLatin1Char(char('A' + r))));
            const QJsonArray seats = row.value("seats").toArray();
            QCOMPARE(seats.size(), 20);
            for (const QJsonValue &value : seats) {
                const QJsonObject seat = value.toObject();
                QVERIFY2(seat.value("id").toInteger() > 0,
                         qPrintable(QJsonDocument(seat).toJson()));
                ids.insert(seat.value("id").toInteger());
                const int number = seat.value("number").toInt();
                QVERIFY2(number >= 1 && number <= 20, qPrintable(QJsonDocument(seat).toJson()));
                QCOMPARE(seat.value("label").toString(),
                         QStringLiteral("%1-%2").arg(row.value("label").toString()).arg(number));
            }
        }
        QCOMPARE(ids.size(), 200);
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT count(*) FROM plan_seats WHERE plan_id = %1").arg(id)),
                 200);
        // Audited in the plan's own transaction: one plan.create row naming it.
        const auto audit = m_bench.http().get(
            QStringLiteral("/admin/audit?action=plan.create&target=plan:%1").arg(id),
            true);
        QVERIFY2(audit.status == 200, qPrintable(audit.describe()));
        const QJsonArray entries = audit.object().value("entries").toArray();
        QCOMPARE(entries.size(), 1);
        const QJsonObject after = entries.at(0).toObject().value("after").toObject();
        QCOMPARE(after.value("name").toString(), QStringLiteral("Studio"));
        QCOMPARE(after.value("seat_count").toInt(), 200);
    }

    void plansAreListedWithTheirSizes()
    {
        const qint64 id = createPlan(studioBody(QStringLiteral("Listed")));
        QVERIFY(id > 0);
        const auto reply = m_bench.http().get(QStringLiteral("/admin/plans"), true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QJsonArray plans = reply.object().value("plans").toArray();
        QCOMPARE(plans.size(), int(count(QStringLiteral("seating_plans"))));
        bool found = false;
        for (const QJsonValue &value : plans) {
            const QJsonObject plan = value.toObject();
            if (plan.value("id").toInteger() != id)
                continue;
            found = true;
            QCOMPARE(plan.value("name").toString(), QStringLiteral("Listed"));
            QCOMPARE(plan.value("seat_count").toInt(), 200);
            QCOMPARE(plan.value("section_count").toInt(), 1);
        }
        QVERIFY2(found, qPrintable(reply.describe()));
    }

    void badPlansAreRefusedAndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        const auto section = [](const QJsonObject &changes) {
            QJsonObject stalls{
                {"name", "Stalls"}, {"category", "standard"}, {"rows", 10}, {"seats_per_row", 20}};
            for (auto it = changes.begin(); it != changes.end(); ++it) {
                if (it.value().isNull())
                    stalls.remove(it.key());
                else
                    stalls.insert(it.key(), it.value());
            }
            return QJsonDocument(QJsonObject{{"name", "Bad"}, {"sections", QJsonArray{stalls}}})
                .toJson(QJsonDocument::Compact);
        };
        QTest::newRow("empty object") << QByteArray("{}");
        QTest::newRow("no name") << QByteArray(
            "{\"sections\":[{\"name\":\"S\",\"category\":\"standard\",\"rows\":1,"
            "\"seats_per_row\":1}]}");
        QTest::newRow("empty name") << QByteArray(
            "{\"name\":\"\",\"sections\":[{\"name\":\"S\",\"category\":\"standard\",\"rows\":1,"
            "\"seats_per_row\":1}]}");
        QTest::newRow("no sections") << QByteArray("{\"name\":\"Bad\"}");
        QTest::newRow("sections empty") << QByteArray("{\"name\":\"Bad\",\"sections\":[]}");
        QTest::newRow("sections not an array") << QByteArray("{\"name\":\"Bad\",\"sections\":{}}");
        QTest::newRow("zero rows") << section({{"rows", 0}});
        QTest::newRow("negative rows") << section({{"rows", -3}});
        QTest::newRow("zero seats per row") << section({{"seats_per_row", 0}});
        QTest::newRow("rows as text") << section({{"rows", "10"}});
        QTest::newRow("fractional seats per row") << section({{"seats_per_row", 2.5}});
        QTest::newRow("over 20000 seats") << section({{"rows", 200}, {"seats_per_row", 101}});
        QTest::newRow("section without name") << section({{"name", QJsonValue::Null}});
        QTest::newRow("two sections of one name") << QByteArray(
            "{\"name\":\"Bad\",\"sections\":[{\"name\":\"S\",\"category\":\"standard\",\"rows\":1,"
            "\"seats_per_row\":1},{\"name\":\"S\",\"category\":\"standard\",\"rows\":1,"
            "\"seats_per_row\":1}]}");
        QTest::newRow("duplicate key")
            << QByteArray("{\"name\":\"Bad\",\"name\":\"Worse\",\"sections\":[{\"name\":\"S\","
                          "\"category\":\"standard\",\"rows\":1,\"seats_per_row\":1}]}");
        QTest::newRow("not JSON") << QByteArray("{\"name\":");
        QTest::newRow("an array") << QByteArray("[]");
    }

    void badPlansAreRefusedAndChangeNothing()
    {
        QFETCH(QByteArray, body);
        const qint64 plans = count(QStringLiteral("seating_plans"));
        const qint64 sections = count(QStringLiteral("plan_sections"));
        const qint64 seats = count(QStringLiteral("plan_seats"));
        const auto reply = m_bench.http().send("POST", QStringLiteral("/admin/plans"), body,
                                               {{"Content-Type", "application/json"},
                                                {"Authorization", m_bench.http().adminHeader()}});
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        const QJsonObject error = reply.object();
        QVERIFY2(error.value("error").isString() && !error.value("error").toString().isEmpty(),
                 qPrintable(reply.describe()));
        QVERIFY2(error.value("code").isString() && !error.value("code").toString().isEmpty(),
                 qPrintable(reply.describe()));
        QCOMPARE(count(QStringLiteral("seating_plans")), plans);
        QCOMPARE(count(QStringLiteral("plan_sections")), sections);
        QCOMPARE(count(QStringLiteral("plan_seats")), seats);
    }

    void unknownPlanIsPlanNotFound()
    {
        const qint64 unknown = unknownPlanId();
        const auto read = m_bench.http().get(QStringLiteral("/plans/%1").arg(unknown));
        QVERIFY2(read.status == 404, qPrintable(read.describe()));
        QCOMPARE(read.object().value("code").toString(), QStringLiteral("plan_not_found"));

        const qint64 shows = count(QStringLiteral("shows"));
        const auto show = createSeatedShow(QStringLiteral("Nowhere"), unknown);
        QVERIFY2(show.status == 404, qPrintable(show.describe()));
        QCOMPARE(show.object().value("code").toString(), QStringLiteral("plan_not_found"));
        QCOMPARE(count(QStringLiteral("shows")), shows);
    }

    void seatedShowTakesItsCapacityFromThePlan()
    {
        const qint64 plan = createPlan(studioBody(QStringLiteral("For a show")));
        QVERIFY(plan > 0);
        const auto created = createSeatedShow(QStringLiteral("Seated"), plan);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const QJsonObject show = created.object();
        const qint64 id = show.value("id").toInteger();
        QVERIFY2(id > 0, qPrintable(created.describe()));
        QCOMPARE(show.value("total_seats").toInt(), 200);
        QCOMPARE(show.value("available_seats").toInt(), 200);
        QCOMPARE(show.value("reserved_seats").toInt(), 0);
        QCOMPARE(show.value("seating_plan_id").toInteger(), plan);
        QCOMPARE(m_bench.show(id), show);
        QCOMPARE(m_bench.sqlValue(
                     QStringLiteral("SELECT seating_plan_id FROM shows WHERE id = %1").arg(id)),
                 plan);

        const auto list = m_bench.http().get(QStringLiteral("/shows"));
        QVERIFY2(list.status == 200, qPrintable(list.describe()));
        bool listed = false;
        for (const QJsonValue &value : list.array())
            if (value.toObject().value("id").toInteger() == id) {
                listed = true;
                QCOMPARE(value.toObject(), show);
            }
        QVERIFY2(listed, "the seated show is not in GET /shows");

        // The audit row says which plan the show was made from.
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log"
                                                 " WHERE action = 'show.create' AND target_id = "
                                                 "'%1' AND (after->>'seating_plan_id')::bigint = %2"
                                                 " AND (after->>'total_seats')::int = 200")
                                      .arg(id)
                                      .arg(plan)),
                 1);
    }

    // Reference clients compare a show's JSON field by field: general
    // admission has exactly the fields it had before reserved seating.
    void generalAdmissionShowJsonIsUnchanged()
    {
        const qint64 id = m_bench.createShow(QStringLiteral("Standing"), 50);
        QVERIFY(id > 0);
        const QJsonObject show = m_bench.show(id);
        QStringList keys = show.keys();
        keys.sort();
        QCOMPARE(keys,
                 (QStringList{"available_seats", "held_seats", "id", "name", "reserved_seats",
                              "sold_seats", "start_time", "status", "total_seats", "version"}));
    }

    void totalSeatsWithAPlanIsRefused()
    {
        const qint64 plan = createPlan(studioBody(QStringLiteral("Both")));
        QVERIFY(plan > 0);
        const qint64 shows = count(QStringLiteral("shows"));
        const auto reply = m_bench.http().post(QStringLiteral("/admin/shows"),
                                               {{"name", "Both"},
                                                {"start_time", "2030-05-01T19:30:00Z"},
                                                {"total_seats", 200},
                                                {"seating_plan_id", plan}},
                                               true);
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(reply.object().value("field").toString(), QStringLiteral("total_seats"));
        QCOMPARE(count(QStringLiteral("shows")), shows);
    }

    void badPlanIdIsRefused_data()
    {
        QTest::addColumn<QJsonValue>("planId");
        QTest::newRow("zero") << QJsonValue(0);
        QTest::newRow("negative") << QJsonValue(-4);
        QTest::newRow("text") << QJsonValue("1");
        QTest::newRow("fraction") << QJsonValue(1.5);
    }

    void badPlanIdIsRefused()
    {
        QFETCH(QJsonValue, planId);
        const qint64 shows = count(QStringLiteral("shows"));
        const auto reply = m_bench.http().post(QStringLiteral("/admin/shows"),
                                               {{"name", "Odd plan"},
                                                {"start_time", "2030-05-01T19:30:00Z"},
                                                {"seating_plan_id", planId}},
                                               true);
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("field").toString(), QStringLiteral("seating_plan_id"));
        QCOMPARE(count(QStringLiteral("shows")), shows);
    }

    void seatedShowCapacityCannotBePatched()
    {
        const qint64 plan = createPlan(studioBody(QStringLiteral("Fixed")));
        QVERIFY(plan > 0);
        const auto created = createSeatedShow(QStringLiteral("Fixed"), plan);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const qint64 id = created.object().value("id").toInteger();
        const QString path = QStringLiteral("/admin/shows/%1").arg(id);

        auto reply = m_bench.http().patch(path, {{"total_seats", 150}, {"name", "Not this"}});
        QVERIFY2(reply.status == 400, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("invalid_field"));
        QCOMPARE(reply.object().value("field").toString(), QStringLiteral("total_seats"));
        QCOMPARE(m_bench.show(id), created.object());

        // Everything else about a seated show can still change.
        reply = m_bench.http().patch(path, {{"name", "Renamed"}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("name").toString(), QStringLiteral("Renamed"));
        QCOMPARE(reply.object().value("total_seats").toInt(), 200);
        QCOMPARE(reply.object().value("seating_plan_id").toInteger(), plan);
    }

    void planRoutesAdminOnlyExceptReading()
    {
        const qint64 plan = createPlan(studioBody(QStringLiteral("Guarded")));
        QVERIFY(plan > 0);
        const qint64 plans = count(QStringLiteral("seating_plans"));
        const QByteArray body =
            QJsonDocument(studioBody(QStringLiteral("Sneaky"))).toJson(QJsonDocument::Compact);
        for (const QByteArray &authorization : {QByteArray(), QByteArray("Bearer not-the-token")}) {
            QList<QPair<QByteArray, QByteArray>> headers = {{"Content-Type", "application/json"}};
            if (!authorization.isEmpty())
                headers.append(qMakePair(QByteArray("Authorization"), authorization));
            const auto posted =
                m_bench.http().send("POST", QStringLiteral("/admin/plans"), body, headers);
            QVERIFY2(posted.status == 401, qPrintable(posted.describe()));
            QCOMPARE(posted.object().value("code").toString(), QStringLiteral("unauthorized"));
            const auto listed =
                m_bench.http().send("GET", QStringLiteral("/admin/plans"), {}, headers);
            QVERIFY2(listed.status == 401, qPrintable(listed.describe()));
            QCOMPARE(listed.object().value("code").toString(), QStringLiteral("unauthorized"));
        }
        QCOMPARE(count(QStringLiteral("seating_plans")), plans);
        // A plan is public, like a show: a seat map is drawn from it.
        const auto read = m_bench.http().get(QStringLiteral("/plans/%1").arg(plan));
        QVERIFY2(read.status == 200, qPrintable(read.describe()));
    }
};

QTEST_GUILESS_MAIN(TestSeatingPlans)
#include "tst_seatingplans.moc"
