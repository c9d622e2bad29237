// Decoding the sales shapes of docs/api.md (issue 18) without a server: a
// show's categories, a booking's lines and payments, shifts and their report,
// GET /config's currency, and the sales refusals by their code. A server
// without sales sends the old shapes; they still decode, with one free
// standard category and a total of 0.
#include "apierror.h"
#include "responsedecoder.h"
#include "salesdecoder.h"

#include <QtTest>

using namespace Qt::StringLiterals;

namespace {
const QByteArray kShowFields =
    R"("id":7,"name":"Hamlet","start_time":"2026-12-01T19:30:00.000Z","total_seats":100,)"
    R"("reserved_seats":3,"held_seats":1,"sold_seats":2,"status":"SCHEDULED")";

QByteArray showBody(const QByteArray &extra = {})
{
    return "{" + kShowFields + extra + "}";
}

const QByteArray kBookingFields =
    R"("id":41,"reference":"K7M2X9QD","show_id":7,"user_name":"Walk-in","seats":3,)"
    R"("status":"CONFIRMED","created_at":"2026-12-03T17:00:00.000Z",)"
    R"("confirmed_at":"2026-12-03T17:00:00.000Z")";

QByteArray bookingBody(const QByteArray &extra = {})
{
    return "{" + kBookingFields + extra + "}";
}

const QByteArray kSoldBooking = bookingBody(
    R"(,"currency":"EUR","total":3250,"paid":3250,"lines":[)"
    R"({"id":7,"category":"adult","name":"Adult","unit_price":1250,"count":2,"cancelled":0},)"
    R"({"id":8,"category":"child","name":"Child","unit_price":750,"count":1,"cancelled":0}],)"
    R"("payments":[{"id":3,"kind":"payment","method":"cash","amount":3250,"tendered":5000,)"
    R"("change":1750,"reference":null,"shift_id":12,"at":"2026-12-03T17:00:00.000Z"}])");

const QByteArray kOpenShift =
    R"({"id":12,"clerk":"alice","status":"open","opened_at":"2026-12-03T09:00:00.000Z",)"
    R"("closed_at":null,"opening_float":10000,"counted_cash":null})";
const QByteArray kClosedShift =
    R"({"id":12,"clerk":"alice","status":"closed","opened_at":"2026-12-03T09:00:00.000Z",)"
    R"("closed_at":"2026-12-03T18:00:00.000Z","opening_float":10000,"counted_cash":33000})";
} // namespace

class TestSalesDecoding : public QObject
{
    Q_OBJECT
private slots:
    void showWithoutCategoriesSellsOneFreeStandardCategory()
    {
        const auto priced = SalesDecoder::pricedShow(showBody());
        QVERIFY2(priced, qPrintable(priced ? QString() : priced.error().message));
        QCOMPARE(priced->show.name, u"Hamlet"_s);
        QCOMPARE(priced->categories.size(), 1);
        QCOMPARE(priced->categories.first().code, u"standard"_s);
        QCOMPARE(priced->categories.first().price, 0);
    }

    void showCategoriesKeepTheirOrderAndPrices()
    {
        const auto priced = SalesDecoder::pricedShow(
            showBody(R"(,"categories":[{"code":"adult","name":"Adult","price":1250},)"
                     R"({"code":"child","name":"Child","price":750}])"));
        QVERIFY(priced);
        QCOMPARE(priced->categories.size(), 2);
        QCOMPARE(priced->categories.at(0), (Api::TicketCategory{u"adult"_s, u"Adult"_s, 1250}));
        QCOMPARE(priced->categories.at(1), (Api::TicketCategory{u"child"_s, u"Child"_s, 750}));
    }

    void categoryOfTheWrongShapeIsAnUnusableAnswer_data()
    {
        QTest::addColumn<QByteArray>("categories");
        QTest::newRow("price as text") << QByteArray(R"([{"code":"a","price":"12.50"}])");
        QTest::newRow("price with cents as a fraction")
            << QByteArray(R"([{"code":"a","price":12.5}])");
        QTest::newRow("negative price") << QByteArray(R"([{"code":"a","price":-1}])");
        QTest::newRow("no code") << QByteArray(R"([{"name":"Adult","price":100}])");
        QTest::newRow("not a list") << QByteArray(R"({"code":"a"})");
    }
    void categoryOfTheWrongShapeIsAnUnusableAnswer()
    {
        QFETCH(QByteArray, categories);
        const auto priced = SalesDecoder::pricedShow(showBody(",\"categories\":" + categories));
        QVERIFY2(!priced, "expected a bad response, the show decoded");
        QCOMPARE(ApiError::kind(priced.error()), ApiError::Kind::BadResponse);
    }

    void soldBookingHasItsLinesTotalAndPayment()
    {
        const auto sale = SalesDecoder::saleBooking(kSoldBooking);
        QVERIFY2(sale, qPrintable(sale ? QString() : sale.error().message));
        QCOMPARE(sale->booking.reference, u"K7M2X9QD"_s);
        QCOMPARE(sale->currency, u"EUR"_s);
        QCOMPARE(sale->total, 3250);
        QCOMPARE(sale->paid, 3250);
        QCOMPARE(sale->lines.size(), 2);
        QCOMPARE(sale->lines.at(0), (Api::BookingLine{7, u"adult"_s, u"Adult"_s, 1250, 2, 0}));
        QCOMPARE(Api::totalOf(sale->lines), sale->total);
        QCOMPARE(sale->liveTickets(), 3);
        QCOMPARE(sale->payments.size(), 1);
        const Api::Payment &payment = sale->payments.first();
        QVERIFY(!payment.isRefund());
        QCOMPARE(payment.method, u"cash"_s);
        QCOMPARE(payment.amount, 3250);
        QCOMPARE(payment.tendered, std::optional<qint64>(5000));
        QCOMPARE(payment.change, 1750);
        QVERIFY(payment.reference.isEmpty());
        QCOMPARE(payment.shiftId, 12);
        QCOMPARE(payment.at, QDateTime(QDate(2026, 12, 3), QTime(17, 0), Qt::UTC));
    }

    void partlyCancelledBookingCountsOnlyLiveTickets()
    {
        const auto sale = SalesDecoder::saleBooking(bookingBody(
            R"(,"currency":"EUR","total":2500,"paid":2500,"lines":[)"
            R"({"id":7,"category":"adult","name":"Adult","unit_price":1250,"count":2,"cancelled":0},)"
            R"({"id":8,"category":"child","name":"Child","unit_price":750,"count":1,"cancelled":1}],)"
            R"("payments":[{"id":3,"kind":"payment","method":"card","amount":3250},)"
            R"({"id":4,"kind":"refund","method":"card","amount":750}])"));
        QVERIFY(sale);
        QCOMPARE(sale->lines.at(1).live(), 0);
        QCOMPARE(Api::totalOf(sale->lines), 2500);
        QCOMPARE(sale->liveTickets(), 2);
        QVERIFY(sale->payments.at(1).isRefund());
        QCOMPARE(sale->payments.at(0).tendered, std::nullopt);
    }

    void bookingOfAServerWithoutSalesCostsNothing()
    {
        const auto sale = SalesDecoder::saleBooking(bookingBody());
        QVERIFY(sale);
        QCOMPARE(sale->total, 0);
        QCOMPARE(sale->paid, 0);
        QVERIFY(sale->currency.isEmpty());
        QVERIFY(sale->lines.isEmpty());
        QVERIFY(sale->payments.isEmpty());
        QCOMPARE(sale->liveTickets(), 3); // its seats
    }

    void bookingWithImpossibleLinesIsAnUnusableAnswer_data()
    {
        QTest::addColumn<QByteArray>("extra");
        QTest::newRow("more cancelled than sold") << QByteArray(
            R"(,"lines":[{"category":"a","unit_price":100,"count":1,"cancelled":2}])");
        QTest::newRow("total as text") << QByteArray(R"(,"total":"32.50")");
        QTest::newRow("payment of unknown kind")
            << QByteArray(R"(,"payments":[{"kind":"gift","method":"cash","amount":1}])");
        QTest::newRow("payment without an amount")
            << QByteArray(R"(,"payments":[{"kind":"payment","method":"cash"}])");
        QTest::newRow("lines not a list") << QByteArray(R"(,"lines":{})");
    }
    void bookingWithImpossibleLinesIsAnUnusableAnswer()
    {
        QFETCH(QByteArray, extra);
        const auto sale = SalesDecoder::saleBooking(bookingBody(extra));
        QVERIFY2(!sale, "expected a bad response, the booking decoded");
        QCOMPARE(ApiError::kind(sale.error()), ApiError::Kind::BadResponse);
    }

    void openAndClosedShiftsDecode()
    {
        const auto open = SalesDecoder::shift(kOpenShift);
        QVERIFY(open);
        QCOMPARE(open->id, 12);
        QCOMPARE(open->clerk, u"alice"_s);
        QVERIFY(open->open);
        QVERIFY(!open->closedAt.isValid());
        QCOMPARE(open->openingFloat, 10000);
        QCOMPARE(open->countedCash, std::nullopt);

        const auto closed = SalesDecoder::shift(kClosedShift);
        QVERIFY(closed);
        QVERIFY(!closed->open);
        QVERIFY(closed->closedAt.isValid());
        QCOMPARE(closed->countedCash, std::optional<qint64>(33000));
    }

    void shiftListReadsAsABareListOrUnderShifts()
    {
        const auto bare = SalesDecoder::shifts("[" + kClosedShift + "," + kOpenShift + "]");
        QVERIFY(bare);
        QCOMPARE(bare->size(), 2);
        const auto wrapped = SalesDecoder::shifts(R"({"shifts":[)" + kOpenShift + "]}");
        QVERIFY(wrapped);
        QCOMPARE(wrapped->size(), 1);
        QVERIFY(!SalesDecoder::shifts(R"({"items":[]})"));
    }

    void shiftReportHasTakingsCategoriesAndTheDifference()
    {
        const auto report = SalesDecoder::shiftReport(
            R"({"shift":)" + kClosedShift +
            R"(,"currency":"EUR","takings":[)"
            R"({"method":"cash","payments":25000,"refunds":1500,"net":23500},)"
            R"({"method":"card","payments":4000,"refunds":0,"net":4000}],)"
            R"("categories":[{"category":"adult","name":"Adult","sold":10,"refunded":1,"amount":11250}],)"
            R"("tickets_sold":14,"tickets_refunded":1,"expected_cash":33500,"counted_cash":33000,)"
            R"("difference":-500})");
        QVERIFY2(report, qPrintable(report ? QString() : report.error().message));
        QCOMPARE(report->shift.id, 12);
        QCOMPARE(report->currency, u"EUR"_s);
        QCOMPARE(report->takings.size(), 2);
        QCOMPARE(report->takings.at(0).net, 23500);
        QCOMPARE(report->categories.at(0).amount, 11250);
        QCOMPARE(report->categories.at(0).refunded, 1);
        QCOMPARE(report->ticketsSold, 14);
        QCOMPARE(report->expectedCash, 33500);
        QCOMPARE(report->countedCash, std::optional<qint64>(33000));
        QCOMPARE(report->difference, std::optional<qint64>(-500));
    }

    void reportOfAnOpenShiftHasNoCountYet()
    {
        const auto report = SalesDecoder::shiftReport(
            R"({"shift":)" + kOpenShift +
            R"(,"takings":[],"categories":[],"tickets_sold":0,"tickets_refunded":0,)"
            R"("expected_cash":10000,"counted_cash":null,"difference":null})");
        QVERIFY(report);
        QCOMPARE(report->countedCash, std::nullopt);
        QCOMPARE(report->difference, std::nullopt);
    }

    void reportWithoutADifferenceWorksItOut()
    {
        const auto report = SalesDecoder::shiftReport(
            R"({"shift":)" + kClosedShift + R"(,"expected_cash":33500,"counted_cash":34000})");
        QVERIFY(report);
        QCOMPARE(report->difference, std::optional<qint64>(500));
        QVERIFY(report->takings.isEmpty());
    }

    void reportWithoutAShiftIsAnUnusableAnswer()
    {
        QVERIFY(!SalesDecoder::shiftReport(R"({"expected_cash":1})"));
        QVERIFY(!SalesDecoder::shiftReport("[]"));
    }

    void configNamesTheCurrencyOrNone()
    {
        const auto config = ResponseDecoder::config(
            R"({"hold_seconds":120,"max_seats_per_booking":20,"currency":"EUR"})");
        QVERIFY(config);
        QCOMPARE(config->currency, u"EUR"_s);
        const auto older =
            ResponseDecoder::config(R"({"hold_seconds":120,"max_seats_per_booking":20})");
        QVERIFY(older);
        QVERIFY(older->currency.isEmpty());
    }

    void salesRefusalsAreKnownByTheirCode_data()
    {
        QTest::addColumn<QString>("code");
        for (const char *code : {"no_open_shift", "shift_already_open", "shift_closed",
                                 "shift_not_found", "payment_required", "payment_invalid",
                                 "unknown_category", "refund_exceeds_paid", "nothing_to_cancel"})
            QTest::newRow(code) << QString::fromLatin1(code);
    }
    void salesRefusalsAreKnownByTheirCode()
    {
        QFETCH(QString, code);
        const DomainError error =
            ResponseDecoder::error(409, R"({"error":"refused","code":")" + code.toUtf8() + R"("})");
        QCOMPARE(ApiError::codeName(error), code);
        QCOMPARE(ApiError::httpStatus(error), 409);
    }
};

QTEST_GUILESS_MAIN(TestSalesDecoding)
#include "tst_salesdecoding.moc"
