// Money arithmetic (issue 18) without a database: integer minor units
// throughout, so sums are exact however many lines; the shift report's cash
// figures; which shows and bookings keep the reference's JSON; and the rules
// the sales services judge before any SQL runs.
#include "booking.h"
#include "booking/bookingservice.h"
#include "sales.h"
#include "sales/saleservice.h"
#include "sales/shiftreport.h"

#include <QJsonArray>
#include <QtTest>

class TestSalesMoney : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tenCentsThreeTimesIsThirtyCents()
    {
        // 0.10 * 3 in floating point is 0.30000000000000004; here it is 30.
        const QList<BookingLine> lines{{1, "dime", "Dime", 10, 3, 0}};
        QCOMPARE(Sales::totalOf(lines), qint64(30));
    }

    void thousandsOfLinesAddUpExactly()
    {
        QList<BookingLine> lines;
        qint64 expected = 0;
        for (int i = 0; i < 5000; ++i) {
            const qint64 price = 10 + (i % 7) * 33; // 0.10, 0.43, 0.76, ...
            const int count = 1 + i % 20;
            const int cancelled = i % 3 == 0 ? count / 2 : 0;
            lines << BookingLine{i, "c", "C", price, count, cancelled};
            expected += price * (count - cancelled);
        }
        QCOMPARE(Sales::totalOf(lines), expected);
        // A total beyond 2^31 still adds up: amounts are 64-bit.
        const QList<BookingLine> big{{1, "vip", "VIP", 100000000, 20, 0},
                                     {2, "vip2", "VIP", 100000000, 20, 0}};
        QCOMPARE(Sales::totalOf(big), qint64(4000000000));
    }

    void paymentsMinusRefundsIsTheNet()
    {
        Payment paid{1, false, "cash", 3300, 5000, 1700, {}, 1, {}};
        Payment refund{2, true, "cash", 800, {}, {}, {}, 1, {}};
        QCOMPARE(Sales::netPaidOf({paid, refund}), qint64(2500));
        QCOMPARE(paid.toJson().value("change").toInteger(), 1700);
        QVERIFY(refund.toJson().value("tendered").isNull());
        QCOMPARE(refund.toJson().value("kind"), QJsonValue("refund"));
    }

    void unpricedShowsAndBookingsKeepTheReferenceShape()
    {
        QVERIFY(Sales::isUnpriced(QList<TicketCategory>{{"standard", "Standard", 0}}));
        QVERIFY(!Sales::isUnpriced(QList<TicketCategory>{{"standard", "Standard", 100}}));
        QVERIFY(!Sales::isUnpriced(QList<TicketCategory>{{"adult", "Adult", 0}}));
        Booking booking;
        booking.lines = {{1, "standard", "Standard", 0, 2, 0}};
        QVERIFY(!booking.toJson().contains("total"));
        booking.lines = {{1, "adult", "Adult", 1250, 2, 1}};
        QCOMPARE(booking.toJson().value("total").toInteger(), 1250);
        QCOMPARE(booking.toJson().value("paid").toInteger(), 0);
    }

    void expectedCashCountsOnlyCash()
    {
        ShiftReport report;
        report.shift.openingFloat = 10000;
        report.takings = {{"card", 6600, 0}, {"cash", 4100, 800}};
        QCOMPARE(report.expectedCash(), qint64(13300));
        QVERIFY(report.toJson().value("difference").isNull()); // still open
        report.shift.closedAt = QDateTime::currentDateTimeUtc();
        report.shift.countedCash = 13000;
        QCOMPARE(report.toJson().value("difference").toInteger(), -300);
        QCOMPARE(report.toJson().value("shift").toObject().value("status"), QJsonValue("closed"));
    }

    void paymentRulesNeedNoDatabase_data()
    {
        QTest::addColumn<QString>("method");
        QTest::addColumn<bool>("tendered");
        QTest::addColumn<int>("kind");
        QTest::addColumn<bool>("allowed");
        const int clerk = int(TillAccess::Kind::Clerk);
        const int shop = int(TillAccess::Kind::Shop);
        const int none = int(TillAccess::Kind::None);
        QTest::newRow("clerk cash tendered") << "cash" << true << clerk << true;
        QTest::newRow("clerk card") << "card" << false << clerk << true;
        QTest::newRow("clerk card tendered") << "card" << true << clerk << false;
        QTest::newRow("clerk gold") << "gold" << false << clerk << false;
        QTest::newRow("shop online") << "online" << false << shop << true;
        QTest::newRow("shop cash") << "cash" << false << shop << false;
        QTest::newRow("anonymous online") << "online" << false << none << false;
    }

    void paymentRulesNeedNoDatabase()
    {
        QFETCH(QString, method);
        QFETCH(bool, tendered);
        QFETCH(int, kind);
        QFETCH(bool, allowed);
        SaleService::PaymentCommand payment{method, {}, {}};
        if (tendered)
            payment.tendered = 5000;
        TillAccess till;
        till.kind = TillAccess::Kind(kind);
        QCOMPARE(!SaleService::check(payment, till).has_value(), allowed);
    }

    void ticketsMustAddUpToTheSeats()
    {
        BookingService::BookCommand command;
        command.seats = 3;
        command.tickets = {{"adult", 2}, {"child", 1}};
        QVERIFY(!BookingService::checkTickets(command));
        command.seats = 4;
        QVERIFY(BookingService::checkTickets(command));
        command.seats = 3;
        command.tickets = {{"Adult", 3}};
        QVERIFY(BookingService::checkTickets(command));
        QCOMPARE(BookingService::ticketsJson({{"adult", 2}, {"child", 1}}),
                 QStringLiteral(R"([["adult",2],["child",1]])"));
    }
};

QTEST_GUILESS_MAIN(TestSalesMoney)
#include "tst_salesmoney.moc"
