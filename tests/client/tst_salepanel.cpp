// The counter's Sell panel driven from the keyboard, offscreen, against a
// scripted local peer: digits type a category's count, Up/Down move between
// categories, + and − change it; a walk-in sale is counts, Enter, the cash
// tendered, Enter, with the change shown large and a tendered amount below
// the total refused before anything is sent.
#include "salebench.h"
#include "refunddialog.h"
#include "salepanel.h"
#include "showsmodel.h"

#include <QApplication>
#include <QLabel>
#include <QLineEdit>
#include <QSignalSpy>
#include <QtTest>

using namespace Qt::StringLiterals;
using namespace SaleBench;

namespace {
// The counter's Sell panel on the bench's workflow, shown and active.
struct PanelBench : Bench
{
    ShowsModel shows;
    SalePanel panel{&workflow, &shows};
    PanelBench()
    {
        shows.setShows({hamlet()});
        panel.resize(700, 600);
        panel.show();
        panel.activateWindow();
    }
    QString text(const char *name) const
    {
        const auto *label = panel.findChild<QLabel *>(QLatin1String(name));
        return label ? label->text() : u"(no label %1)"_s.arg(QLatin1String(name));
    }
    QWidget *focused() const { return QApplication::focusWidget(); }
    void key(Qt::Key key) { QTest::keyClick(QApplication::focusWidget(), key); }
};
} // namespace

class TestSalePanel : public QObject
{
    Q_OBJECT
private slots:
    void panelCountsFromTheKeyboard()
    {
        PanelBench bench;
        QVERIFY(QTest::qWaitForWindowActive(&bench.panel));
        QCOMPARE(bench.workflow.show().id, 7); // the picker kept the show already set
        bench.panel.focusCategories();
        QWidget *adult = bench.panel.findChild<QWidget *>(u"categoryRow_adult"_s);
        QWidget *child = bench.panel.findChild<QWidget *>(u"categoryRow_child"_s);
        QVERIFY2(adult && child, "expected a row per category");
        QTRY_COMPARE(bench.focused(), adult);

        bench.key(Qt::Key_1);
        bench.key(Qt::Key_2); // digits type the count
        QCOMPARE(bench.workflow.count(0), 12);
        bench.key(Qt::Key_Backspace);
        QCOMPARE(bench.workflow.count(0), 1);
        bench.key(Qt::Key_Plus);
        QCOMPARE(bench.workflow.count(0), 2);
        bench.key(Qt::Key_Minus);
        QCOMPARE(bench.workflow.count(0), 1);
        bench.key(Qt::Key_3); // after + or −, a digit starts a new count
        QCOMPARE(bench.workflow.count(0), 3);
        bench.key(Qt::Key_Minus);
        bench.key(Qt::Key_Minus);
        QCOMPARE(bench.workflow.count(0), 1);

        bench.key(Qt::Key_Down);
        QTRY_COMPARE(bench.focused(), child);
        bench.key(Qt::Key_3);
        QCOMPARE(bench.workflow.count(1), 3);
        bench.key(Qt::Key_Down); // the last row stays
        QCOMPARE(bench.focused(), child);
        bench.key(Qt::Key_Up);
        QTRY_COMPARE(bench.focused(), adult);
        QCOMPARE(bench.text("saleTotal"), u"35.00 EUR"_s); // 12.50 + 3 × 7.50
        QCOMPARE(bench.workflow.count(0), 1);
    }

    void walkInSaleIsCountsEnterTenderedEnter()
    {
        PanelBench bench;
        bench.peer.answerNow = [](const ScriptedPeer::Request &) { return soldAnswer(3500, 5000); };
        QVERIFY(QTest::qWaitForWindowActive(&bench.panel));
        bench.panel.focusCategories();
        auto *tendered = bench.panel.findChild<QLineEdit *>(u"saleTendered"_s);
        QVERIFY(tendered);
        bench.key(Qt::Key_1);
        bench.key(Qt::Key_Down);
        bench.key(Qt::Key_3);
        bench.key(Qt::Key_Return);
        QTRY_COMPARE(bench.focused(), tendered);
        QCOMPARE(bench.peer.requests.size(), 0); // Enter on the tickets only moves on

        QTest::keyClicks(tendered, u"20"_s);
        QCOMPARE(bench.text("saleChange"), u"—"_s);
        bench.key(Qt::Key_Return);
        QVERIFY2(bench.text("saleMessage").contains(u"below the total 35.00 EUR"_s),
                 qPrintable(bench.text("saleMessage")));
        QCOMPARE(bench.focused(), tendered);
        QCOMPARE(bench.peer.requests.size(), 0);

        tendered->selectAll();
        QTest::keyClicks(tendered, u"50"_s);
        QCOMPARE(bench.text("saleChange"), u"15.00 EUR"_s);
        QSignalSpy sold(&bench.workflow, &SaleWorkflow::sold);
        bench.key(Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(sold.count(), 1, 10000);
        QCOMPARE(bench.peer.requests.first().body.value(u"payment"_s).toObject(),
                 (QJsonObject{{u"method"_s, u"cash"_s}, {u"tendered"_s, 5000}}));
        QCOMPARE(bench.text("saleConfirmed"), u"K7M2X9QD · change 15.00 EUR"_s);
        // Ready for the next customer.
        QCOMPARE(bench.workflow.ticketCount(), 0);
        QVERIFY(tendered->text().isEmpty());
        QTRY_COMPARE(bench.focused(), bench.panel.findChild<QWidget *>(u"categoryRow_adult"_s));
        QVERIFY(bench.panel.lastSale().has_value());
    }

    // A seated booking gives back seats, and its tickets go from the lines in
    // line order, as the server takes them: the refund shown is what it pays.
    void seatsGivenBackTakeTheLinesInOrder()
    {
        const QList<Api::BookingLine> lines{{1, "adult", "Adult", 1250, 2, 0},
                                            {2, "child", "Child", 800, 2, 1}};
        QCOMPARE(RefundDialog::countsForSeats(lines, 1), (QList<int>{1, 0}));
        QCOMPARE(RefundDialog::countsForSeats(lines, 3), (QList<int>{2, 1}));
        QCOMPARE(RefundDialog::refundOf(lines, RefundDialog::countsForSeats(lines, 3)),
                 qint64(3300));
        QCOMPARE(RefundDialog::countsForSeats(lines, 9), (QList<int>{2, 1}));
    }
};

QTEST_MAIN(TestSalePanel)
#include "tst_salepanel.moc"
