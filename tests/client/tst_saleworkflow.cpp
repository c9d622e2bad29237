// A sale at the counter without the server: money in whole minor units (10.00
// × 3 is exactly 30.00, thousands of lines sum to the cent, the change is
// tendered − total), the checks before sending (tendered below the total, no
// tickets, too many), the body POST /shows/:id/sell gets from SaleWorkflow
// (against a scripted local peer), a lost answer retried with the same key,
// and the body of a partial cancellation.
#include "money.h"
#include "refunddialog.h"
#include "salebench.h"
#include "salesapi.h"
#include "saleworkflow.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using Api::Money;

using namespace SaleBench;

class TestSaleWorkflow : public QObject
{
    Q_OBJECT
private slots:
    void moneyIsFormattedFromMinorUnits_data()
    {
        QTest::addColumn<qint64>("minor");
        QTest::addColumn<QString>("currency");
        QTest::addColumn<QString>("text");
        QTest::newRow("12.50") << qint64(1250) << u"EUR"_s << u"12.50 EUR"_s;
        QTest::newRow("zero") << qint64(0) << u"EUR"_s << u"0.00 EUR"_s;
        QTest::newRow("one cent") << qint64(1) << u"EUR"_s << u"0.01 EUR"_s;
        QTest::newRow("negative") << qint64(-500) << u"EUR"_s << u"-5.00 EUR"_s;
        QTest::newRow("a million") << qint64(100000000) << u"EUR"_s << u"1000000.00 EUR"_s;
        QTest::newRow("no decimals") << qint64(1250) << u"JPY"_s << u"1250 JPY"_s;
        QTest::newRow("three decimals") << qint64(1250) << u"KWD"_s << u"1.250 KWD"_s;
        QTest::newRow("no currency") << qint64(1999) << QString() << u"19.99"_s;
        QTest::newRow("largest") << std::numeric_limits<qint64>::max() << u"EUR"_s
                                 << u"92233720368547758.07 EUR"_s;
        QTest::newRow("smallest") << std::numeric_limits<qint64>::min() << u"EUR"_s
                                  << u"-92233720368547758.08 EUR"_s;
    }
    void moneyIsFormattedFromMinorUnits()
    {
        QFETCH(qint64, minor);
        QFETCH(QString, currency);
        QFETCH(QString, text);
        QCOMPARE(Money::format(minor, currency), text);
    }

    void tenderedTextIsReadAsMinorUnits_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<std::optional<qint64>>("minor");
        QTest::newRow("whole") << u"50"_s << std::optional<qint64>(5000);
        QTest::newRow("one decimal") << u"50.5"_s << std::optional<qint64>(5050);
        QTest::newRow("comma") << u"50,05"_s << std::optional<qint64>(5005);
        QTest::newRow("only cents") << u".99"_s << std::optional<qint64>(99);
        QTest::newRow("with the code") << u" 20.00 EUR "_s << std::optional<qint64>(2000);
        QTest::newRow("0.1 is ten cents") << u"0.1"_s << std::optional<qint64>(10);
        QTest::newRow("three decimals") << u"1.234"_s << std::optional<qint64>();
        QTest::newRow("negative") << u"-5"_s << std::optional<qint64>();
        QTest::newRow("letters") << u"ten"_s << std::optional<qint64>();
        QTest::newRow("empty") << QString() << std::optional<qint64>();
        QTest::newRow("two points") << u"1.2.3"_s << std::optional<qint64>();
        QTest::newRow("too large") << u"99999999999999999999"_s << std::optional<qint64>();
    }
    void tenderedTextIsReadAsMinorUnits()
    {
        QFETCH(QString, text);
        QFETCH(std::optional<qint64>, minor);
        QCOMPARE(Money::parse(text, u"EUR"_s), minor);
    }

    void threeTicketsAtTenAreExactlyThirty()
    {
        Bench bench;
        bench.workflow.setShow(hamlet(), {{u"standard"_s, u"Standard"_s, 1000}});
        QSignalSpy changed(&bench.workflow, &SaleWorkflow::changed);
        bench.workflow.setCount(0, 3);
        QCOMPARE(bench.workflow.total(), 3000);
        QCOMPARE(bench.workflow.money(bench.workflow.total()), u"30.00 EUR"_s);
        QCOMPARE(changed.count(), 1);
        // The classic floating-point trap: three tickets at 0.10.
        bench.workflow.setShow(hamlet(), {{u"standard"_s, u"Standard"_s, 10}});
        bench.workflow.setCount(0, 3);
        QCOMPARE(bench.workflow.money(bench.workflow.total()), u"0.30 EUR"_s);
    }

    void totalAddsEveryCategory()
    {
        Bench bench;
        bench.workflow.setCount(0, 2);
        bench.workflow.increment(1);
        QCOMPARE(bench.workflow.ticketCount(), 3);
        QCOMPARE(bench.workflow.total(), 2 * 1250 + 750);
        bench.workflow.decrement(0);
        bench.workflow.decrement(1);
        bench.workflow.decrement(1); // never below 0
        QCOMPARE(bench.workflow.count(1), 0);
        QCOMPARE(bench.workflow.total(), 1250);
    }

    void thousandsOfLinesSumToTheCent()
    {
        // 5 000 categories from 0.01 to 50.00 with three tickets each, and 10 000
        // booking lines at 0.10: a double sum drifts here, whole cents do not.
        QList<Api::TicketCategory> categories;
        QList<int> counts;
        for (int i = 1; i <= 5000; ++i) {
            categories.append({u"c%1"_s.arg(i), u"C%1"_s.arg(i), qint64(i)});
            counts.append(3);
        }
        const qint64 expected = 3 * (5000LL * 5001 / 2);
        QCOMPARE(SaleWorkflow::totalOf(categories, counts), expected);
        QCOMPARE(Money::format(expected, u"EUR"_s), u"375075.00 EUR"_s);

        QList<Api::BookingLine> lines;
        for (int i = 0; i < 10000; ++i)
            lines.append({i, u"adult"_s, u"Adult"_s, 10, 1, 0});
        QCOMPARE(Api::totalOf(lines), 100000);
        QCOMPARE(Money::format(Api::totalOf(lines), u"EUR"_s), u"1000.00 EUR"_s);

        Bench bench;
        bench.workflow.setShow(hamlet(), categories);
        for (int i = 0; i < categories.size(); ++i)
            bench.workflow.setCount(i, 3);
        QCOMPARE(bench.workflow.total(), expected);
    }

    void changeIsTenderedMinusTotal()
    {
        Bench bench;
        bench.workflow.setCount(0, 2);
        bench.workflow.setCount(1, 1);                   // 32.50
        QCOMPARE(bench.workflow.change(), std::nullopt); // nothing tendered yet
        bench.workflow.setTendered(5000);
        QCOMPARE(bench.workflow.change(), std::optional<qint64>(1750));
        bench.workflow.setTendered(3250);
        QCOMPARE(bench.workflow.change(), std::optional<qint64>(0));
        QCOMPARE(bench.workflow.problem(), SaleWorkflow::Problem::None);
        // Card: no cash comes back, and no "tendered" is sent.
        bench.workflow.setTendered(5000);
        bench.workflow.setPaymentMethod(Api::PaymentMethod::Card);
        QCOMPARE(bench.workflow.change(), std::nullopt);
        QCOMPARE(bench.workflow.request().payment.tendered, std::nullopt);
        QVERIFY(!SalesApi::paymentJson(bench.workflow.request().payment).contains(u"tendered"_s));
    }

    void tenderedBelowTotalIsRefusedBeforeSending()
    {
        Bench bench;
        bench.workflow.setCount(0, 2); // 25.00
        bench.workflow.setTendered(2000);
        QCOMPARE(bench.workflow.problem(), SaleWorkflow::Problem::TenderedBelowTotal);
        QCOMPARE(bench.workflow.change(), std::nullopt);
        QSignalSpy notices(&bench.workflow, &SaleWorkflow::notice);
        QSignalSpy failed(&bench.workflow, &SaleWorkflow::saleFailed);
        bench.workflow.sell();
        QCOMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<SaleWorkflow::Problem>(),
                 SaleWorkflow::Problem::TenderedBelowTotal);
        QCOMPARE(notices.last().first().value<Notice>().text,
                 u"Tendered 20.00 EUR is below the total 25.00 EUR."_s);
        QCOMPARE(bench.peer.requests.size(), 0);
        QCOMPARE(bench.client.pendingRequests(), 0);
    }

    void emptyOrOversizedSalesAreRefused()
    {
        Bench bench;
        QCOMPARE(bench.workflow.problem(), SaleWorkflow::Problem::NoTickets);
        bench.workflow.setMaxTickets(4);
        bench.workflow.setCount(0, 3);
        bench.workflow.setCount(1, 2);
        QCOMPARE(bench.workflow.problem(), SaleWorkflow::Problem::TooManyTickets);
        QCOMPARE(bench.workflow.problemText(), u"At most 4 tickets per sale; 5 are counted."_s);
        SaleWorkflow none(&bench.api);
        QCOMPARE(none.problem(), SaleWorkflow::Problem::NoShow);
    }

    void saleSendsTicketsAndPaymentAsTheContractSays()
    {
        Bench bench;
        bench.peer.answerNow = [](const ScriptedPeer::Request &) { return soldAnswer(3250, 5000); };
        bench.workflow.setCount(0, 2);
        bench.workflow.setCount(1, 1);
        bench.workflow.setTendered(5000);
        QSignalSpy sold(&bench.workflow, &SaleWorkflow::sold);
        bench.workflow.sell();
        QVERIFY(bench.workflow.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(sold.count(), 1, 10000);
        QVERIFY(!bench.workflow.isBusy());

        const ScriptedPeer::Request &request = bench.peer.requests.first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path, QByteArray("/shows/7/sell"));
        const QJsonArray tickets = request.body.value(u"tickets"_s).toArray();
        QCOMPARE(tickets.size(), 2);
        QCOMPARE(tickets.at(0).toObject(),
                 (QJsonObject{{u"category"_s, u"adult"_s}, {u"count"_s, 2}}));
        QCOMPARE(tickets.at(1).toObject(),
                 (QJsonObject{{u"category"_s, u"child"_s}, {u"count"_s, 1}}));
        QCOMPARE(request.body.value(u"payment"_s).toObject(),
                 (QJsonObject{{u"method"_s, u"cash"_s}, {u"tendered"_s, 5000}}));
        QVERIFY2(!request.body.contains(u"user_name"_s), "no name typed: the server's Walk-in");
        QVERIFY2(!request.body.contains(u"seats"_s), "tickets replace the seat count");
        QVERIFY(!request.header("Idempotency-Key").isEmpty());

        const auto booking = sold.first().first().value<Api::SaleBooking>();
        QCOMPARE(booking.total, 3250);
        QCOMPARE(booking.payments.first().change, 1750);
    }

    void saleWithoutAnAnswerIsRetriedWithTheSameKey()
    {
        Bench bench;
        bench.client.setTimeout(300);
        bench.workflow.setCount(0, 1);
        QSignalSpy failed(&bench.workflow, &SaleWorkflow::saleFailed);
        bench.workflow.sell(); // the peer keeps silent
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 10000);
        bench.workflow.sell();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 2, 10000);
        QCOMPARE(bench.peer.requests.size(), 2);
        const QByteArray key = bench.peer.requests.at(0).header("Idempotency-Key");
        QCOMPARE(bench.peer.requests.at(1).header("Idempotency-Key"), key);

        // Another sale is not a retry of that one.
        bench.workflow.setCount(0, 2);
        bench.workflow.sell();
        QTRY_COMPARE_WITH_TIMEOUT(bench.peer.requests.size(), 3, 10000);
        QVERIFY(bench.peer.requests.at(2).header("Idempotency-Key") != key);
    }

    void saleWithoutAShiftAsksForOne()
    {
        Bench bench;
        bench.peer.answerNow = [](const ScriptedPeer::Request &) {
            return http(409, json({{"error", "no open shift"}, {"code", "no_open_shift"}}));
        };
        bench.workflow.setCount(0, 1);
        QSignalSpy needed(&bench.workflow, &SaleWorkflow::shiftNeeded);
        QSignalSpy notices(&bench.workflow, &SaleWorkflow::notice);
        bench.workflow.sell();
        QTRY_COMPARE_WITH_TIMEOUT(needed.count(), 1, 10000);
        QVERIFY2(notices.last().first().value<Notice>().text.startsWith(u"No shift is open."_s),
                 qPrintable(notices.last().first().value<Notice>().text));
    }

    void categoriesComeFromTheShowAndCountsSurvive()
    {
        Bench bench;
        bench.peer.answerNow = [](const ScriptedPeer::Request &request) {
            if (request.path != "/shows/7")
                return QByteArray();
            return http(200,
                        R"({"id":7,"name":"Hamlet","start_time":"2026-12-01T19:30:00.000Z",)"
                        R"("total_seats":100,"reserved_seats":0,"held_seats":0,"sold_seats":0,)"
                        R"("status":"SCHEDULED","categories":[)"
                        R"({"code":"standard","name":"Standard","price":1500},)"
                        R"({"code":"student","name":"Student","price":900}]})");
        };
        QSignalSpy categories(&bench.workflow, &SaleWorkflow::categoriesChanged);
        bench.workflow.selectShow(hamlet());
        QCOMPARE(bench.workflow.categories().size(), 1); // the implicit one, until the answer
        bench.workflow.setCount(0, 2);
        QTRY_COMPARE_WITH_TIMEOUT(bench.workflow.categories().size(), 2, 10000);
        QCOMPARE(bench.workflow.categories().at(1).name, u"Student"_s);
        QCOMPARE(bench.workflow.count(0), 2);
        QCOMPARE(bench.workflow.total(), 3000);
        QCOMPARE(categories.count(), 2);
    }

    void showOfAServerWithoutSalesSellsOneFreeCategory()
    {
        Bench bench;
        bench.peer.answerNow = [](const ScriptedPeer::Request &) {
            return http(200,
                        R"({"id":7,"name":"Hamlet","start_time":"2026-12-01T19:30:00.000Z",)"
                        R"("total_seats":100,"reserved_seats":0,"held_seats":0,"sold_seats":0,)"
                        R"("status":"SCHEDULED"})");
        };
        bench.workflow.selectShow(hamlet());
        QTRY_COMPARE_WITH_TIMEOUT(bench.peer.requests.size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(bench.client.pendingRequests(), 0, 10000);
        QCOMPARE(bench.workflow.categories().size(), 1);
        QCOMPARE(bench.workflow.categories().first().price, 0);
        bench.workflow.setCount(0, 4);
        QCOMPARE(bench.workflow.total(), 0);
        QCOMPARE(bench.workflow.problem(), SaleWorkflow::Problem::None);
    }

    void partialCancellationNamesTicketsAndTheRefundMethod()
    {
        Api::PartialCancellation cancellation;
        cancellation.tickets = {{u"child"_s, 1}, {u"adult"_s, 0}};
        QCOMPARE(SalesApi::cancellationJson(cancellation),
                 (QJsonObject{{u"tickets"_s, QJsonArray{QJsonObject{{u"category"_s, u"child"_s},
                                                                    {u"count"_s, 1}}}}}));
        cancellation.refundMethod = Api::PaymentMethod::Voucher;
        QCOMPARE(SalesApi::cancellationJson(cancellation).value(u"refund"_s).toObject(),
                 (QJsonObject{{u"method"_s, u"voucher"_s}}));
        const QList<Api::BookingLine> lines = {{7, u"adult"_s, u"Adult"_s, 1250, 2, 0},
                                               {8, u"child"_s, u"Child"_s, 750, 3, 1}};
        QCOMPARE(RefundDialog::refundOf(lines, {1, 2}), 1250 + 2 * 750);
        QCOMPARE(RefundDialog::refundOf(lines, {}), 0);
    }
};

QTEST_MAIN(TestSaleWorkflow)
#include "tst_saleworkflow.moc"
