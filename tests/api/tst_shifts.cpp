// Clerks' shifts over the API (issue 18): one open shift per clerk, sales and
// refunds tied to it, its report against an independent SQL computation, the
// cash difference at closing, and who may see and use which shift.
#include "apitestbench.h"
#include "salescounter.h"

#include <QJsonArray>
#include <QtTest>

class TestShifts : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<SalesCounter> m_counter;

    static QJsonArray prices()
    {
        return {QJsonObject{{"code", "adult"}, {"name", "Adult"}, {"price", 1250}},
                QJsonObject{{"code", "child"}, {"name", "Child"}, {"price", 800}}};
    }

    qint64 sql(const QString &statement) { return m_bench.sqlValue(statement); }

    static QJsonObject takingsOf(const QJsonObject &report, const QString &method)
    {
        for (const QJsonValue &row : report.value("takings").toArray())
            if (row.toObject().value("method").toString() == method)
                return row.toObject();
        return {};
    }

    static QJsonObject categoryOf(const QJsonObject &report, const QString &code)
    {
        for (const QJsonValue &row : report.value("categories").toArray())
            if (row.toObject().value("category").toString() == code)
                return row.toObject();
        return {};
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
        m_counter = std::make_unique<SalesCounter>(m_bench);
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void aClerkHasOneOpenShiftAtATime()
    {
        const QByteArray clerk = m_counter->clerk(QStringLiteral("one-shift"));
        QVERIFY(!clerk.isEmpty());
        QCOMPARE(m_counter->get(clerk, QStringLiteral("/shifts/current")).status, 404);
        const auto opened = m_counter->openShift(clerk, 5000);
        QVERIFY2(opened.status == 201, qPrintable(opened.describe()));
        QCOMPARE(opened.object().value("status"), QJsonValue("open"));
        QCOMPARE(opened.object().value("clerk"), QJsonValue("one-shift"));
        QCOMPARE(opened.object().value("opening_float").toInteger(), 5000);
        const auto second = m_counter->openShift(clerk, 0);
        QCOMPARE(second.status, 409);
        QCOMPARE(second.object().value("code"), QJsonValue("shift_already_open"));
        const qint64 id = opened.object().value("id").toInteger();
        QCOMPARE(m_counter->get(clerk, QStringLiteral("/shifts/current")).object().value("id")
                     .toInteger(),
                 id);
        const auto closed = m_counter->closeShift(clerk, id, 5000);
        QVERIFY2(closed.status == 200, qPrintable(closed.describe()));
        QCOMPARE(closed.object().value("difference").toInteger(-1), 0);
        const auto twice = m_counter->closeShift(clerk, id, 5000);
        QCOMPARE(twice.status, 409);
        QCOMPARE(twice.object().value("code"), QJsonValue("shift_closed"));
        // A new day, a new shift.
        QCOMPARE(m_counter->openShift(clerk, 0).status, 201);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action IN"
                                    " ('shift.open', 'shift.close') AND actor = 'one-shift'")),
                 3);
    }

    void theReportMatchesTheLedgerAndTheCashDifference()
    {
        const QByteArray clerk = m_counter->clerk(QStringLiteral("reporter"));
        const qint64 show = m_counter->pricedShow(QStringLiteral("Report"), 100, prices());
        QVERIFY(show > 0 && !clerk.isEmpty());
        const auto opened = m_counter->openShift(clerk, 10000);
        QVERIFY2(opened.status == 201, qPrintable(opened.describe()));
        const qint64 shift = opened.object().value("id").toInteger();
        qint64 firstBooking = 0;
        for (int i = 0; i < 4; ++i) {
            const auto sold = m_counter->sell(
                clerk, show,
                {{"tickets", SalesCounter::tickets({{"adult", 1 + i % 2}, {"child", 1}})},
                 {"payment", i % 2 == 0 ? SalesCounter::cash(10000)
                                        : QJsonObject{{"method", "card"}}}});
            QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
            if (i == 0)
                firstBooking = sold.object().value("id").toInteger();
        }
        const auto refund = m_counter->post(
            clerk, QStringLiteral("/bookings/%1/cancel").arg(firstBooking),
            {{"tickets", SalesCounter::tickets({{"child", 1}})}});
        QVERIFY2(refund.status == 200, qPrintable(refund.describe()));
        // Sales: cash 2050 + 2050, card 3300 + 3300; refund 800 cash.
        const auto closed = m_counter->closeShift(clerk, shift, 13000);
        QVERIFY2(closed.status == 200, qPrintable(closed.describe()));
        const QJsonObject report = closed.object();
        QCOMPARE(report.value("shift").toObject().value("status"), QJsonValue("closed"));
        QCOMPARE(report.value("currency"), QJsonValue("EUR"));
        // The same figures from the tables, independently of the server's queries.
        const qint64 cashIn = sql(QStringLiteral(
            "SELECT sum(amount) FROM payments WHERE shift_id = %1 AND method = 'cash'"
            " AND kind = 'payment'").arg(shift));
        const qint64 cashOut = sql(QStringLiteral(
            "SELECT coalesce(sum(amount), 0) FROM payments WHERE shift_id = %1"
            " AND method = 'cash' AND kind = 'refund'").arg(shift));
        const qint64 cardIn = sql(QStringLiteral(
            "SELECT sum(amount) FROM payments WHERE shift_id = %1 AND method = 'card'").arg(shift));
        QCOMPARE(cashIn, 4100);
        QCOMPARE(cashOut, 800);
        QCOMPARE(cardIn, 6600);
        QCOMPARE(takingsOf(report, "cash").value("payments").toInteger(), cashIn);
        QCOMPARE(takingsOf(report, "cash").value("refunds").toInteger(), cashOut);
        QCOMPARE(takingsOf(report, "cash").value("net").toInteger(), cashIn - cashOut);
        QCOMPARE(takingsOf(report, "card").value("net").toInteger(), cardIn);
        QCOMPARE(report.value("expected_cash").toInteger(), 10000 + cashIn - cashOut);
        QCOMPARE(report.value("counted_cash").toInteger(), 13000);
        QCOMPARE(report.value("difference").toInteger(), 13000 - (10000 + cashIn - cashOut));
        const qint64 adults = sql(QStringLiteral(
            "SELECT sum(l.count) FROM booking_lines l JOIN payments p ON p.booking_id = l.booking_id"
            " WHERE p.shift_id = %1 AND p.kind = 'payment' AND l.category = 'adult'").arg(shift));
        QCOMPARE(adults, 6);
        QCOMPARE(categoryOf(report, "adult").value("sold").toInteger(), adults);
        QCOMPARE(categoryOf(report, "child").value("sold").toInteger(), 4);
        QCOMPARE(categoryOf(report, "child").value("refunded").toInteger(), 1);
        QCOMPARE(report.value("tickets_sold").toInteger(), 10);
        QCOMPARE(report.value("tickets_refunded").toInteger(), 1);
        // The report reads the same afterwards.
        QCOMPARE(m_counter->report(clerk, shift).object(), report);
        // A closed shift takes no more money.
        const auto late = m_counter->sell(clerk, show,
                                          {{"seats", 1}, {"payment", QJsonObject{{"method", "card"}}}});
        QCOMPARE(late.object().value("code"), QJsonValue("no_open_shift"));
    }

    void clerksSeeAndUseOnlyTheirOwnShifts()
    {
        const QByteArray alice = m_counter->clerk(QStringLiteral("alice-till"));
        const QByteArray bob = m_counter->clerk(QStringLiteral("bob-till"));
        const qint64 show = m_counter->pricedShow(QStringLiteral("Two tills"), 20, prices());
        QVERIFY(show > 0 && !alice.isEmpty() && !bob.isEmpty());
        const qint64 aliceShift = m_counter->openShift(alice, 0).object().value("id").toInteger();
        QVERIFY(aliceShift > 0);
        QCOMPARE(m_counter->openShift(bob, 0).status, 201);
        const auto sold = m_counter->sell(alice, show,
                                          {{"tickets", SalesCounter::tickets({{"adult", 2}})},
                                           {"payment", SalesCounter::cash(2500)}});
        QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
        const QString cancel =
            QStringLiteral("/bookings/%1/cancel").arg(sold.object().value("id").toInteger());
        // Bob cannot put a refund into Alice's shift...
        const auto intoAlices = m_counter->post(
            bob, cancel,
            {{"tickets", SalesCounter::tickets({{"adult", 1}})}, {"shift_id", aliceShift}});
        QCOMPARE(intoAlices.status, 403);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM payments WHERE kind = 'refund'"
                                    " AND shift_id = %1").arg(aliceShift)),
                 0);
        // ...nor read her report; her shift is not in his list.
        QCOMPARE(m_counter->report(bob, aliceShift).status, 404);
        for (const QJsonValue &shift : m_counter->get(bob, QStringLiteral("/shifts")).array())
            QCOMPARE(shift.toObject().value("clerk"), QJsonValue("bob-till"));
        // The admin sees every shift, and the bootstrap admin may refund into hers.
        const auto all = m_bench.http().get(QStringLiteral("/shifts"), true);
        QVERIFY(all.array().size() >= 2);
        const auto byAdmin = m_bench.http().post(
            cancel, {{"tickets", SalesCounter::tickets({{"adult", 1}})}, {"shift_id", aliceShift}},
            true);
        QVERIFY2(byAdmin.status == 200, qPrintable(byAdmin.describe()));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM payments WHERE kind = 'refund'"
                                    " AND shift_id = %1").arg(aliceShift)),
                 1);
    }

    void aShopConfirmsOnlineWithoutAShift()
    {
        StaffCredentials staff(m_bench.http());
        const auto shop = staff.apiToken(QStringLiteral("web-shop"), QStringLiteral("shop"));
        const qint64 show = m_counter->pricedShow(QStringLiteral("Online"), 20, prices());
        QVERIFY(show > 0 && !shop.token.isEmpty());
        const auto held = m_counter->post(shop.token, QStringLiteral("/shows/%1/book").arg(show),
                                          {{"user_name", "Web customer"},
                                           {"tickets", SalesCounter::tickets({{"adult", 1}})}});
        QVERIFY2(held.status == 201, qPrintable(held.describe()));
        const QString confirm =
            QStringLiteral("/bookings/%1/confirm").arg(held.object().value("id").toInteger());
        const auto byCash = m_counter->post(shop.token, confirm, {{"payment", SalesCounter::cash(2000)}});
        QCOMPARE(byCash.status, 422);
        const auto online = m_counter->post(
            shop.token, confirm,
            {{"payment", QJsonObject{{"method", "online"}, {"reference", "psp_7781"}}}});
        QVERIFY2(online.status == 200, qPrintable(online.describe()));
        const QJsonObject payment = online.object().value("payments").toArray().first().toObject();
        QCOMPARE(payment.value("method"), QJsonValue("online"));
        QVERIFY(payment.value("shift_id").isNull());
        QCOMPARE(m_counter->openShift(shop.token, 0).status, 403);
    }
};

QTEST_GUILESS_MAIN(TestShifts)
#include "tst_shifts.moc"
