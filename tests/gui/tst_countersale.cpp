// A box-office day in the desktop app against the real server (issue 18):
// open a shift with a float from the Shift menu; sell two adults and a child
// to a walk-in on the Sell tab with the keyboard (counts, Enter, the cash
// tendered, Enter) and see the change; give the child's ticket back from the
// booking lookup's Refund…; close the shift with less cash than expected and
// see the difference. Every figure is checked against the server's tables.
#include "guitestsupport.h"

#include "mainwindow.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDialog>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
constexpr int kWaitMs = 20000;

template <typename T> T *openDialog(const QString &name)
{
    for (QWidget *widget : QApplication::topLevelWidgets())
        if (widget->objectName() == name && widget->isVisible())
            return qobject_cast<T *>(widget);
    return nullptr;
}
} // namespace

class TestCounterSale : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QString m_databaseUrl;
    QTemporaryDir m_dir;
    Window m_window;
    std::unique_ptr<TestHttpClient> m_http;
    qint64 m_show = 0;
    QString m_reference;

    qint64 sql(const QString &statement)
    {
        return TestDatabase::integer(m_databaseUrl, statement);
    }

    QAction *action(const char *name)
    {
        return m_window.window->findChild<QAction *>(QString::fromLatin1(name));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString failed = startServer(m_server, {}, &m_databaseUrl);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        m_http = std::make_unique<TestHttpClient>(m_server.baseUrl(), m_server.adminToken());
        const auto created = m_http->post(
            QStringLiteral("/admin/shows"),
            {{"name", "Matinee"},
             {"start_time", "2030-03-01T15:00:00Z"},
             {"total_seats", 40},
             {"categories",
              QJsonArray{QJsonObject{{"code", "adult"}, {"name", "Adult"}, {"price", 1250}},
                         QJsonObject{{"code", "child"}, {"name", "Child"}, {"price", 800}}}}},
            true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        m_show = created.object().value("id").toInteger();
        m_window = openWindow(m_dir, m_server);
        QVERIFY(m_window.window);
    }

    void opensAShiftWithAFloat()
    {
        QAction *open = action("openShiftAction");
        QVERIFY(open);
        QTRY_VERIFY_WITH_TIMEOUT(open->isEnabled(), kWaitMs);
        open->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = openDialog<QDialog>("shiftOpenDialog")) != nullptr,
                                 kWaitMs);
        QLineEdit *amount = nullptr;
        FIND_CHILD(amount, dialog, "openingFloat");
        QTest::keyClicks(amount, QStringLiteral("100.00"));
        QPushButton *button = nullptr;
        FIND_CHILD(button, dialog, "openShiftButton");
        button->click();
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->isVisible(), kWaitMs);
        QCOMPARE(sql(QStringLiteral("SELECT opening_float FROM shifts WHERE closed_at IS NULL")),
                 10000);
    }

    void sellsToAWalkInAndShowsTheChange()
    {
        QTabWidget *tabs = m_window.window->findChild<QTabWidget *>();
        QWidget *panel = nullptr;
        FIND_CHILD(panel, m_window.window.get(), "salePanel");
        tabs->setCurrentWidget(panel);
        QComboBox *picker = nullptr;
        FIND_CHILD(picker, panel, "saleShowPicker");
        QTRY_VERIFY_WITH_TIMEOUT(picker->findText(QStringLiteral("Matinee")) >= 0, kWaitMs);
        picker->setCurrentIndex(picker->findText(QStringLiteral("Matinee")));
        QWidget *adults = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (adults = panel->findChild<QWidget *>(QStringLiteral("categoryRow_adult"))) != nullptr,
            kWaitMs);
        QWidget *children = nullptr;
        FIND_CHILD(children, panel, "categoryRow_child");
        m_window.window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.window.get()));
        adults->setFocus();
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget(), adults, kWaitMs);
        QTest::keyClick(adults, Qt::Key_2);
        QTest::keyClick(adults, Qt::Key_Down);
        QTRY_COMPARE_WITH_TIMEOUT(QApplication::focusWidget(), children, kWaitMs);
        QTest::keyClick(children, Qt::Key_1);
        QLabel *total = nullptr;
        FIND_CHILD(total, panel, "saleTotal");
        QTRY_VERIFY2_WITH_TIMEOUT(total->text().contains(QStringLiteral("33.00")),
                                  qPrintable(total->text()), kWaitMs);
        // Enter on the tickets goes to the cash tendered; Enter there sells.
        QTest::keyClick(children, Qt::Key_Return);
        QLineEdit *tendered = nullptr;
        FIND_CHILD(tendered, panel, "saleTendered");
        QTRY_VERIFY_WITH_TIMEOUT(tendered->hasFocus(), kWaitMs);
        QTest::keyClicks(tendered, QStringLiteral("50"));
        QLabel *change = nullptr;
        FIND_CHILD(change, panel, "saleChange");
        QTRY_VERIFY2_WITH_TIMEOUT(change->text().contains(QStringLiteral("17.00")),
                                  qPrintable(change->text()), kWaitMs);
        QTest::keyClick(tendered, Qt::Key_Return);
        QTRY_COMPARE_WITH_TIMEOUT(
            sql(QStringLiteral("SELECT count(*) FROM bookings WHERE show_id = %1"
                               " AND status = 'CONFIRMED'").arg(m_show)),
            qint64(1), kWaitMs);
        QCOMPARE(sql(QStringLiteral("SELECT change FROM payments p JOIN bookings b"
                                    " ON b.id = p.booking_id WHERE b.show_id = %1").arg(m_show)),
                 1700);
        QCOMPARE(sql(QStringLiteral("SELECT tendered FROM payments p JOIN bookings b"
                                    " ON b.id = p.booking_id WHERE b.show_id = %1").arg(m_show)),
                 5000);
        const auto booking = m_http->get(
            QStringLiteral("/bookings/%1")
                .arg(sql(QStringLiteral("SELECT id FROM bookings WHERE show_id = %1").arg(m_show))),
            true);
        m_reference = booking.object().value("reference").toString();
        QLabel *confirmed = nullptr;
        FIND_CHILD(confirmed, panel, "saleConfirmed");
        QTRY_VERIFY2_WITH_TIMEOUT(confirmed->text().contains(m_reference),
                                  qPrintable(confirmed->text()), kWaitMs);
    }

    void givesTheChildsTicketBackFromTheLookup()
    {
        QVERIFY(!m_reference.isEmpty());
        QTabWidget *tabs = m_window.window->findChild<QTabWidget *>();
        tabs->setCurrentIndex(0);
        QLineEdit *search = nullptr;
        FIND_CHILD(search, m_window.window.get(), "referenceSearch");
        search->setText(m_reference);
        QPushButton *find = nullptr;
        FIND_CHILD(find, m_window.window.get(), "findBookingButton");
        find->click();
        QPushButton *refund = nullptr;
        FIND_CHILD(refund, m_window.window.get(), "lookupRefundButton");
        QTRY_VERIFY_WITH_TIMEOUT(refund->isEnabled() && refund->isVisible(), kWaitMs);
        refund->click();
        QDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = openDialog<QDialog>("refundDialog")) != nullptr,
                                 kWaitMs);
        QSpinBox *child = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT(
            (child = dialog->findChild<QSpinBox *>(QStringLiteral("refundCount_child"))) != nullptr,
            kWaitMs);
        child->setValue(1);
        QLabel *amount = nullptr;
        FIND_CHILD(amount, dialog, "refundAmount");
        QVERIFY2(amount->text().contains(QStringLiteral("8.00")), qPrintable(amount->text()));
        QPushButton *button = nullptr;
        FIND_CHILD(button, dialog, "refundButton");
        QTRY_VERIFY_WITH_TIMEOUT(button->isEnabled(), kWaitMs);
        button->click();
        QTRY_COMPARE_WITH_TIMEOUT(
            sql(QStringLiteral("SELECT coalesce(sum(amount), 0) FROM payments p JOIN bookings b"
                               " ON b.id = p.booking_id WHERE b.show_id = %1 AND p.kind = 'refund'")
                    .arg(m_show)),
            qint64(800), kWaitMs);
        QCOMPARE(sql(QStringLiteral("SELECT seats FROM bookings WHERE show_id = %1").arg(m_show)),
                 2);
        dialog->close();
    }

    void closesTheShiftWithACashDifference()
    {
        QAction *close = action("closeShiftAction");
        QVERIFY(close);
        QTRY_VERIFY_WITH_TIMEOUT(close->isEnabled(), kWaitMs);
        close->trigger();
        QDialog *dialog = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((dialog = openDialog<QDialog>("shiftCloseDialog")) != nullptr,
                                 kWaitMs);
        QLineEdit *counted = nullptr;
        FIND_CHILD(counted, dialog, "countedCash");
        // Expected: 100.00 float + 33.00 sold - 8.00 refunded = 125.00; counted 120.00.
        QTest::keyClicks(counted, QStringLiteral("120.00"));
        QPushButton *button = nullptr;
        FIND_CHILD(button, dialog, "closeShiftButton");
        button->click();
        QLabel *difference = nullptr;
        FIND_CHILD(difference, dialog, "cashDifference");
        QTRY_VERIFY2_WITH_TIMEOUT(difference->text().contains(QStringLiteral("5.00")),
                                  qPrintable(difference->text()), kWaitMs);
        QLabel *expected = nullptr;
        FIND_CHILD(expected, dialog, "expectedCash");
        QVERIFY2(expected->text().contains(QStringLiteral("125.00")), qPrintable(expected->text()));
        QCOMPARE(sql(QStringLiteral("SELECT counted_cash FROM shifts")), 12000);
        const qint64 shift = sql(QStringLiteral("SELECT id FROM shifts"));
        const auto report = m_http->get(QStringLiteral("/shifts/%1/report").arg(shift), true);
        QCOMPARE(report.object().value("difference").toInteger(), -500);
        dialog->close();
    }

    void cleanupTestCase()
    {
        m_window.window.reset();
        const QStringList violations = invariantViolations(TestDatabase::open(m_databaseUrl));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join('\n')));
    }
};

QTEST_MAIN(TestCounterSale)
#include "tst_countersale.moc"
