// The customer's receipt without a printer: its text names the booking, the
// show, each line at its price, the total and the payment with the cash
// tendered and the change (and refunds, negative); a booking from a server
// without sales still gets a receipt; and the PDF is written.
#include "receiptdocument.h"
#include "salesamples.h"
#include "shiftreportdocument.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace Qt::StringLiterals;

namespace {
const QDateTime kShowStart(QDate(2026, 12, 1), QTime(19, 30), Qt::UTC);

// The receipt line that starts with `start`, or a note that none does.
QString lineStarting(const QStringList &lines, const QString &start)
{
    for (const QString &line : lines) {
        if (line.trimmed().startsWith(start))
            return line;
    }
    return u"(no line starts with \"%1\")"_s.arg(start);
}
} // namespace

class TestReceipt : public QObject
{
    Q_OBJECT
private slots:
    void receiptNamesBookingShowLinesAndTotal()
    {
        const QStringList lines =
            ReceiptDocument::linesFor(sampleCashSale(), u"Hamlet"_s, kShowStart);
        const QString text = lines.join(u'\n');
        QVERIFY2(text.contains(u"K7M2X9QD"_s), qPrintable(text));
        QVERIFY2(lines.contains(u"Hamlet"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Walk-in"_s), qPrintable(text));
        QCOMPARE(lineStarting(lines, u"2 × Adult"_s).simplified(),
                 u"2 × Adult @ 12.50 25.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"1 × Child"_s).simplified(), u"1 × Child @ 7.50 7.50 EUR"_s);
        QCOMPARE(lineStarting(lines, u"TOTAL"_s).simplified(), u"TOTAL 32.50 EUR"_s);
    }

    void cashPaymentShowsTenderedAndChange()
    {
        const QStringList lines =
            ReceiptDocument::linesFor(sampleCashSale(), u"Hamlet"_s, kShowStart);
        QCOMPARE(lineStarting(lines, u"Cash"_s).simplified(), u"Cash 32.50 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Tendered"_s).simplified(), u"Tendered 50.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Change"_s).simplified(), u"Change 17.50 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Paid"_s).simplified(), u"Paid 32.50 EUR"_s);
    }

    void linesFitATillPrinter()
    {
        for (const QString &line :
             ReceiptDocument::linesFor(sampleCashSale(), u"Hamlet"_s, kShowStart))
            QVERIFY2(line.size() <= 40,
                     qPrintable(u"%1 columns: \"%2\""_s.arg(line.size()).arg(line)));
    }

    void refundIsPrintedNegativeAndCancelledTicketsSaid()
    {
        Api::SaleBooking sale = sampleCashSale();
        sale.lines[1].cancelled = 1;
        sale.total = Api::totalOf(sale.lines);
        Api::Payment refund;
        refund.kind = Api::Payment::Kind::Refund;
        refund.method = u"cash"_s;
        refund.amount = 750;
        sale.payments.append(refund);
        sale.paid = 3250 - 750;
        const QStringList lines = ReceiptDocument::linesFor(sale, u"Hamlet"_s, kShowStart);
        QCOMPARE(lineStarting(lines, u"0 × Child"_s).simplified(), u"0 × Child @ 7.50 0.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"(1 of 1 cancelled)"_s).trimmed(), u"(1 of 1 cancelled)"_s);
        QCOMPARE(lineStarting(lines, u"TOTAL"_s).simplified(), u"TOTAL 25.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Refund"_s).simplified(), u"Refund (Cash) -7.50 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Paid"_s).simplified(), u"Paid 25.00 EUR"_s);
    }

    void bookingOfAServerWithoutSalesStillHasAReceipt()
    {
        Api::SaleBooking sale;
        sale.booking.reference = u"ABCD1234"_s;
        sale.booking.seats = 2;
        sale.booking.seatLabels = {u"A-3"_s, u"A-4"_s};
        const QStringList lines = ReceiptDocument::linesFor(sale, u"Carmen"_s, {});
        const QString text = lines.join(u'\n');
        QVERIFY2(text.contains(u"ABCD1234"_s), qPrintable(text));
        QVERIFY2(text.contains(u"Seats: A-3, A-4"_s), qPrintable(text));
        QCOMPARE(lineStarting(lines, u"2 × admission"_s).simplified(), u"2 × admission 0.00"_s);
        QCOMPARE(lineStarting(lines, u"TOTAL"_s).simplified(), u"TOTAL 0.00"_s);
    }

    void pdfIsWritten()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"receipt.pdf"_s);
        const ReceiptDocument receipt(sampleCashSale(), u"Hamlet"_s, kShowStart);
        QString error;
        QVERIFY2(receipt.writePdf(path, &error), qPrintable(error));
        QFile file(path);
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(path));
        QVERIFY2(file.size() > 500, qPrintable(u"%1 bytes"_s.arg(file.size())));
        QCOMPARE(file.read(5), QByteArray("%PDF-"));
    }

    void pdfToAnUnwritablePlaceSaysSo()
    {
        const ReceiptDocument receipt(sampleCashSale(), u"Hamlet"_s, kShowStart);
        QString error;
        QVERIFY(!receipt.writePdf(u"/nonexistent-dir/receipt.pdf"_s, &error));
        QVERIFY2(error.contains(u"/nonexistent-dir/receipt.pdf"_s), qPrintable(error));
    }

    void shiftReportSlipHasTakingsTicketsAndTheDifference()
    {
        Api::ShiftReport report;
        report.shift.id = 12;
        report.shift.clerk = u"alice"_s;
        report.shift.open = false;
        report.shift.openingFloat = 10000;
        report.currency = u"EUR"_s;
        report.takings = {{u"cash"_s, 25000, 1500, 23500}, {u"card"_s, 4000, 0, 4000}};
        report.categories = {{u"adult"_s, u"Adult"_s, 10, 1, 11250}};
        report.ticketsSold = 14;
        report.ticketsRefunded = 1;
        report.expectedCash = 33500;
        report.countedCash = 33000;
        report.difference = -500;
        const QStringList lines = ShiftReportDocument::lines(report);
        const QString text = lines.join(u'\n');
        QCOMPARE(lineStarting(lines, u"Clerk"_s).simplified(), u"Clerk alice"_s);
        QCOMPARE(lineStarting(lines, u"Opening float"_s).simplified(),
                 u"Opening float 100.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Cash"_s).simplified(), u"Cash 235.00 EUR"_s);
        QVERIFY2(text.contains(u"+250.00 / -15.00"_s), qPrintable(text));
        QCOMPARE(lineStarting(lines, u"Adult"_s).simplified(), u"Adult 10 / 1 112.50 EUR"_s);
        QCOMPARE(lineStarting(lines, u"All tickets"_s).simplified(), u"All tickets 14 / 1"_s);
        QCOMPARE(lineStarting(lines, u"Expected cash"_s).simplified(),
                 u"Expected cash 335.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Counted cash"_s).simplified(), u"Counted cash 330.00 EUR"_s);
        QCOMPARE(lineStarting(lines, u"Difference"_s).simplified(), u"Difference -5.00 EUR"_s);
    }
};

QTEST_MAIN(TestReceipt)
#include "tst_receipt.moc"
