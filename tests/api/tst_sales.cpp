// Money at the counter over the API (issue 18): prices, walk-in sales with
// change, confirming holds with a payment, partial cancellation with refunds,
// and the reference's shapes unchanged for unpriced shows. Shifts and their
// reports are tst_shifts.
#include "apitestbench.h"
#include "salescounter.h"
#include "testdatabase.h"

#include <QJsonArray>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

class TestSales : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    std::unique_ptr<SalesCounter> m_counter;
    QByteArray m_clerk; // with an open shift for the whole class
    qint64 m_shift = 0;

    static QJsonArray theatrePrices()
    {
        return {QJsonObject{{"code", "adult"}, {"name", "Adult"}, {"price", 1250}},
                QJsonObject{{"code", "child"}, {"name", "Child"}, {"price", 800}}};
    }

    qint64 reserved(qint64 showId)
    {
        return m_bench.sqlValue(
            QStringLiteral("SELECT reserved_seats FROM shows WHERE id = %1").arg(showId));
    }

    static qint64 amountOf(const QJsonObject &booking, const char *key)
    {
        return booking.value(key).toInteger(-1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
        m_counter = std::make_unique<SalesCounter>(m_bench);
        m_clerk = m_counter->clerk(QStringLiteral("till-one"));
        QVERIFY(!m_clerk.isEmpty());
        const auto shift = m_counter->openShift(m_clerk, 10000);
        QVERIFY2(shift.status == 201, qPrintable(shift.describe()));
        m_shift = shift.object().value("id").toInteger();
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void showsListTheirPricesAndConfigTheCurrency()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Priced"), 50, theatrePrices());
        QVERIFY(show > 0);
        const QJsonArray categories = m_bench.show(show).value("categories").toArray();
        QCOMPARE(categories, theatrePrices());
        QCOMPARE(m_bench.http().get(QStringLiteral("/config")).object().value("currency"),
                 QJsonValue("EUR"));
    }

    void walkInSaleGivesChange()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Walk-in"), 50, theatrePrices());
        QVERIFY(show > 0);
        const auto sold = m_counter->sell(
            m_clerk, show,
            {{"tickets", SalesCounter::tickets({{"adult", 2}, {"child", 1}})},
             {"payment", SalesCounter::cash(5000)}});
        QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
        const QJsonObject booking = sold.object();
        QCOMPARE(booking.value("status"), QJsonValue("CONFIRMED"));
        QCOMPARE(booking.value("user_name"), QJsonValue("Walk-in"));
        QCOMPARE(booking.value("seats").toInt(), 3);
        QCOMPARE(amountOf(booking, "total"), 3300);
        QCOMPARE(amountOf(booking, "paid"), 3300);
        const QJsonArray lines = booking.value("lines").toArray();
        QCOMPARE(lines.size(), 2);
        QCOMPARE(lines[0].toObject().value("category"), QJsonValue("adult"));
        QCOMPARE(lines[0].toObject().value("unit_price").toInteger(), 1250);
        QCOMPARE(lines[0].toObject().value("count").toInt(), 2);
        const QJsonObject payment = booking.value("payments").toArray().first().toObject();
        QCOMPARE(payment.value("method"), QJsonValue("cash"));
        QCOMPARE(payment.value("amount").toInteger(), 3300);
        QCOMPARE(payment.value("tendered").toInteger(), 5000);
        QCOMPARE(payment.value("change").toInteger(), 1700);
        QCOMPARE(payment.value("shift_id").toInteger(), m_shift);
        QCOMPARE(reserved(show), 3);
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT sold_seats FROM shows WHERE id = %1")
                                      .arg(show)),
                 3);
    }

    void tenderedBelowTheTotalSellsNothing()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Short"), 10, theatrePrices());
        QVERIFY(show > 0);
        const auto refused = m_counter->sell(m_clerk, show,
                                             {{"tickets", SalesCounter::tickets({{"adult", 2}})},
                                              {"payment", SalesCounter::cash(2000)}});
        QCOMPARE(refused.status, 422);
        QCOMPARE(refused.object().value("code"), QJsonValue("payment_invalid"));
        // The hold made on the way is given back at once.
        QCOMPARE(reserved(show), 0);
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM payments p JOIN bookings b"
                                                 " ON b.id = p.booking_id WHERE b.show_id = %1")
                                      .arg(show)),
                 0);
    }

    void sellingWithoutAShiftIsRefused()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("No till"), 10, theatrePrices());
        QVERIFY(show > 0);
        const QByteArray other = m_counter->clerk(QStringLiteral("no-shift"));
        const auto refused = m_counter->sell(other, show,
                                             {{"seats", 1}, {"payment", QJsonObject{{"method", "card"}}}});
        QCOMPARE(refused.status, 409);
        QCOMPARE(refused.object().value("code"), QJsonValue("no_open_shift"));
        QCOMPARE(reserved(show), 0);
    }

    void aPricedHoldIsConfirmedOnlyWithItsPayment()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Hold"), 10, theatrePrices());
        QVERIFY(show > 0);
        const auto held = m_counter->post(m_clerk, QStringLiteral("/shows/%1/book").arg(show),
                                          {{"user_name", "Ada"},
                                           {"tickets", SalesCounter::tickets({{"child", 2}})}});
        QVERIFY2(held.status == 201, qPrintable(held.describe()));
        QCOMPARE(held.object().value("status"), QJsonValue("PENDING"));
        QCOMPARE(amountOf(held.object(), "total"), 1600);
        QCOMPARE(amountOf(held.object(), "paid"), 0);
        const QString confirm =
            QStringLiteral("/bookings/%1/confirm").arg(held.object().value("id").toInteger());
        const auto unpaid = m_counter->post(m_clerk, confirm, {});
        QCOMPARE(unpaid.status, 409);
        QCOMPARE(unpaid.object().value("code"), QJsonValue("payment_required"));
        const auto paid = m_counter->post(
            m_clerk, confirm,
            {{"payment", QJsonObject{{"method", "card"}, {"reference", "TERM-0042"}}}});
        QVERIFY2(paid.status == 200, qPrintable(paid.describe()));
        QCOMPARE(paid.object().value("status"), QJsonValue("CONFIRMED"));
        QCOMPARE(amountOf(paid.object(), "paid"), 1600);
        const QJsonObject payment = paid.object().value("payments").toArray().first().toObject();
        QCOMPARE(payment.value("reference"), QJsonValue("TERM-0042"));
        QVERIFY(payment.value("tendered").isNull());
        // A retried confirm pays nothing twice.
        const auto again = m_counter->post(m_clerk, confirm, {{"payment", SalesCounter::cash(5000)}});
        QCOMPARE(again.status, 200);
        QCOMPARE(again.object().value("payments").toArray().size(), 1);
    }

    void theReferenceShapesAreUnchangedForUnpricedShows()
    {
        const qint64 show = m_bench.createShow(QStringLiteral("Free"), 10);
        QVERIFY(show > 0);
        QVERIFY(!m_bench.show(show).contains("categories"));
        const auto held = m_bench.book(show, QStringLiteral("Bob"), 2);
        QVERIFY2(held.status == 201, qPrintable(held.describe()));
        for (const char *key : {"total", "paid", "lines", "payments"})
            QVERIFY2(!held.object().contains(key), key);
        const qint64 id = held.object().value("id").toInteger();
        QCOMPARE(m_bench.http().post(QStringLiteral("/bookings/%1/confirm").arg(id), {}).status, 200);
        QCOMPARE(m_bench.http().post(QStringLiteral("/bookings/%1/cancel").arg(id), {}).status, 200);
        QCOMPARE(reserved(show), 0);
        // Its one line is the standard category at 0, and it is cancelled whole.
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT sum(cancelled) FROM booking_lines"
                                                 " WHERE booking_id = %1 AND category = 'standard'"
                                                 " AND unit_price = 0")
                                      .arg(id)),
                 2);
    }

    void aPriceChangeLeavesSalesAsSold()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Repriced"), 20, theatrePrices());
        QVERIFY(show > 0);
        const auto first = m_counter->sell(m_clerk, show,
                                           {{"tickets", SalesCounter::tickets({{"adult", 1}})},
                                            {"payment", QJsonObject{{"method", "card"}}}});
        QVERIFY2(first.status == 201, qPrintable(first.describe()));
        const auto patched = m_bench.http().patch(
            QStringLiteral("/admin/shows/%1").arg(show),
            {{"categories",
              QJsonArray{QJsonObject{{"code", "adult"}, {"name", "Adult"}, {"price", 1500}}}}});
        QVERIFY2(patched.status == 200, qPrintable(patched.describe()));
        QCOMPARE(patched.object().value("categories").toArray().size(), 1);
        const auto read = m_bench.http().get(
            QStringLiteral("/bookings/%1").arg(first.object().value("id").toInteger()));
        QCOMPARE(amountOf(read.object(), "total"), 1250);
        const auto second = m_counter->sell(m_clerk, show,
                                            {{"tickets", SalesCounter::tickets({{"adult", 1}})},
                                             {"payment", QJsonObject{{"method", "card"}}}});
        QCOMPARE(amountOf(second.object(), "total"), 1500);
        // child is no longer sold, but the lines sold in it keep their category.
        const auto child = m_counter->sell(m_clerk, show,
                                           {{"tickets", SalesCounter::tickets({{"child", 1}})},
                                            {"payment", QJsonObject{{"method", "card"}}}});
        QCOMPARE(child.status, 422);
        QCOMPARE(child.object().value("code"), QJsonValue("unknown_category"));
    }

    void exactMoneyForTenCentTickets()
    {
        const qint64 show = m_counter->pricedShow(
            QStringLiteral("Dimes"), 100,
            {QJsonObject{{"code", "dime"}, {"name", "Ten cents"}, {"price", 10}}});
        QVERIFY(show > 0);
        const auto sold = m_counter->sell(m_clerk, show,
                                          {{"tickets", SalesCounter::tickets({{"dime", 3}})},
                                           {"payment", SalesCounter::cash(100)}});
        QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
        QCOMPARE(amountOf(sold.object(), "total"), 30);
        QCOMPARE(sold.object().value("payments").toArray().first().toObject().value("change")
                     .toInteger(),
                 70);
        // Fractions of a minor unit are refused, never rounded.
        const auto fraction = m_counter->sell(
            m_clerk, show,
            {{"seats", 1}, {"payment", QJsonObject{{"method", "cash"}, {"tendered", 10.5}}}});
        QCOMPARE(fraction.status, 400);
    }

    void partialCancellationRefundsAndFreesSeats()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Partial"), 10, theatrePrices());
        QVERIFY(show > 0);
        const auto sold = m_counter->sell(
            m_clerk, show,
            {{"tickets", SalesCounter::tickets({{"adult", 2}, {"child", 1}})},
             {"payment", SalesCounter::cash(4000)}});
        QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
        const QString cancel =
            QStringLiteral("/bookings/%1/cancel").arg(sold.object().value("id").toInteger());
        const auto part = m_counter->post(
            m_clerk, cancel,
            {{"tickets", SalesCounter::tickets({{"child", 1}})},
             {"refund", QJsonObject{{"method", "cash"}}}});
        QVERIFY2(part.status == 200, qPrintable(part.describe()));
        QCOMPARE(part.object().value("status"), QJsonValue("CONFIRMED"));
        QCOMPARE(part.object().value("seats").toInt(), 2);
        QCOMPARE(amountOf(part.object(), "total"), 2500);
        QCOMPARE(amountOf(part.object(), "paid"), 2500);
        const QJsonObject refund = part.object().value("payments").toArray().last().toObject();
        QCOMPARE(refund.value("kind"), QJsonValue("refund"));
        QCOMPARE(refund.value("amount").toInteger(), 800);
        QCOMPARE(reserved(show), 2);
        // No child ticket is left to give back.
        const auto none = m_counter->post(m_clerk, cancel,
                                          {{"tickets", SalesCounter::tickets({{"child", 1}})}});
        QCOMPARE(none.status, 422);
        QCOMPARE(none.object().value("code"), QJsonValue("nothing_to_cancel"));
        // The rest: the booking ends, everything paid is back.
        const auto rest = m_counter->post(m_clerk, cancel, {});
        QVERIFY2(rest.status == 200, qPrintable(rest.describe()));
        QCOMPARE(rest.object().value("status"), QJsonValue("CANCELLED"));
        QCOMPARE(amountOf(rest.object(), "paid"), 0);
        QCOMPARE(amountOf(rest.object(), "total"), 0);
        QCOMPARE(reserved(show), 0);
    }

    void aRefundAboveWhatWasPaidIsRefusedByTheDatabase()
    {
        const qint64 show = m_counter->pricedShow(QStringLiteral("Guarded"), 10, theatrePrices());
        QVERIFY(show > 0);
        const auto sold = m_counter->sell(m_clerk, show,
                                          {{"tickets", SalesCounter::tickets({{"adult", 1}})},
                                           {"payment", QJsonObject{{"method", "card"}}}});
        QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
        const qint64 id = sold.object().value("id").toInteger();
        // Even SQL that bypasses the server cannot pay out more than came in.
        QSqlDatabase db = TestDatabase::open(m_bench.databaseUrl());
        QSqlQuery query(db);
        QVERIFY(!query.exec(QStringLiteral("INSERT INTO payments (booking_id, kind, method, amount,"
                                           " shift_id, actor) VALUES (%1, 'refund', 'card', 5000,"
                                           " %2, 'sql')")
                                .arg(id)
                                .arg(m_shift)));
        QVERIFY2(query.lastError().nativeErrorCode() == QLatin1String("23514"),
                 qPrintable(query.lastError().text()));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM payments WHERE booking_id = %1")
                                      .arg(id)),
                 1);
    }

    void seatedSalesGiveBackNamedSeats()
    {
        const auto plan = m_bench.http().post(
            QStringLiteral("/admin/plans"),
            {{"name", "Sales hall"},
             {"sections", QJsonArray{QJsonObject{{"name", "Stalls"},
                                                 {"category", "standard"},
                                                 {"rows", 2},
                                                 {"seats_per_row", 6}}}}},
            true);
        QVERIFY2(plan.status == 201, qPrintable(plan.describe()));
        const auto created = m_bench.http().post(
            QStringLiteral("/admin/shows"),
            {{"name", "Seated sale"},
             {"start_time", "2030-06-01T19:30:00Z"},
             {"seating_plan_id", plan.object().value("id")},
             {"categories", theatrePrices()}},
            true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const qint64 show = created.object().value("id").toInteger();
        const auto sold = m_counter->sell(
            m_clerk, show,
            {{"seat_ids", QJsonArray{"A-2", "A-3", "A-4"}},
             {"tickets", SalesCounter::tickets({{"adult", 2}, {"child", 1}})},
             {"payment", SalesCounter::cash(3300)}});
        QVERIFY2(sold.status == 201, qPrintable(sold.describe()));
        QCOMPARE(amountOf(sold.object(), "total"), 3300);
        const QString cancel =
            QStringLiteral("/bookings/%1/cancel").arg(sold.object().value("id").toInteger());
        const auto byCategory = m_counter->post(
            m_clerk, cancel, {{"tickets", SalesCounter::tickets({{"child", 1}})}});
        QCOMPARE(byCategory.status, 400);
        const auto part = m_counter->post(m_clerk, cancel, {{"seat_ids", QJsonArray{"A-4"}}});
        QVERIFY2(part.status == 200, qPrintable(part.describe()));
        QCOMPARE(part.object().value("seat_ids").toArray(), (QJsonArray{"A-2", "A-3"}));
        QCOMPARE(part.object().value("seats").toInt(), 2);
        const auto map = m_bench.http().get(QStringLiteral("/shows/%1/seats").arg(show));
        for (const QJsonValue &seat : map.object().value("seats").toArray())
            if (seat.toObject().value("label") == QJsonValue("A-4"))
                QCOMPARE(seat.toObject().value("state"), QJsonValue("free"));
        const auto notMine = m_counter->post(m_clerk, cancel, {{"seat_ids", QJsonArray{"B-1"}}});
        QCOMPARE(notMine.status, 422);
    }

    void badSalesInputIsRefusedAndChangesNothing_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::newRow("no payment") << QByteArray(R"({"seats":1})") << 400;
        QTest::newRow("unknown method") << QByteArray(R"({"seats":1,"payment":{"method":"gold"}})")
                                        << 422;
        QTest::newRow("tendered by card")
            << QByteArray(R"({"seats":1,"payment":{"method":"card","tendered":5000}})") << 422;
        QTest::newRow("payment not an object") << QByteArray(R"({"seats":1,"payment":"cash"})")
                                               << 400;
        QTest::newRow("negative tendered")
            << QByteArray(R"({"seats":1,"payment":{"method":"cash","tendered":-5}})") << 400;
        QTest::newRow("tickets not an array")
            << QByteArray(R"({"tickets":{"adult":1},"payment":{"method":"card"}})") << 400;
        QTest::newRow("zero count")
            << QByteArray(R"({"tickets":[{"category":"adult","count":0}],"payment":{"method":"card"}})")
            << 400;
        QTest::newRow("category twice")
            << QByteArray(R"({"tickets":[{"category":"adult","count":1},{"category":"adult","count":1}],"payment":{"method":"card"}})")
            << 400;
        QTest::newRow("seats and tickets disagree")
            << QByteArray(R"({"seats":3,"tickets":[{"category":"adult","count":1}],"payment":{"method":"card"}})")
            << 400;
        QTest::newRow("shift id text")
            << QByteArray(R"({"seats":1,"payment":{"method":"card"},"shift_id":"one"})") << 400;
    }

    void badSalesInputIsRefusedAndChangesNothing()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        const qint64 show = m_counter->pricedShow(QStringLiteral("Bad input"), 10, theatrePrices());
        QVERIFY(show > 0);
        const auto reply = m_bench.http().send(
            "POST", QStringLiteral("/shows/%1/sell").arg(show), body,
            {{"Content-Type", "application/json"},
             {"Authorization", StaffCredentials::bearer(m_clerk)}});
        QVERIFY2(reply.status == status, qPrintable(reply.describe()));
        QVERIFY(reply.object().contains("code") && reply.object().contains("error"));
        QCOMPARE(reserved(show), 0);
    }
};

QTEST_GUILESS_MAIN(TestSales)
#include "tst_sales.moc"
