// When the server goes away the status bar says "Offline" and the window
// stays usable (no dialogs, no freeze); when a server comes back on the same
// address the client finds it by itself and refreshes.
#include "guitestsupport.h"

#include "connectionmonitor.h"
#include "connectionstatuslabel.h"
#include "counterview.h"
#include "inlinemessage.h"
#include "mainwindow.h"
#include "serverprocess.h"
#include "showsmodel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QtTest>

using namespace GuiTestSupport;

class TestServerReconnection : public QObject
{
    Q_OBJECT

private slots:
    void offlineThenBackOnlineByItself()
    {
        QTemporaryDir dir;
        ServerProcess first;
        QString databaseUrl;
        const QString failure = startServer(first, {}, &databaseUrl);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto [settings, window] = openWindow(dir, first);
        ConnectionMonitor *monitor = window->monitor();
        ConnectionStatusLabel *status = nullptr;
        FIND_CHILD(status, window.get(), "connectionStatus");
        QTRY_COMPARE_WITH_TIMEOUT(monitor->state(), ConnectionMonitor::State::Online, 20000);
        QVERIFY2(status->text().contains(QStringLiteral("Online")), qPrintable(status->text()));
        const Show show = createShow(*window, QStringLiteral("Survives outages"), 10);
        QVERIFY(show.id > 0);
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(show.id).has_value(), 20000);

        const quint16 port = first.port();
        QVERIFY2(first.stop(), qPrintable(first.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(monitor->state(), ConnectionMonitor::State::Offline, 30000);
        QVERIFY2(status->text().contains(QStringLiteral("Offline")), qPrintable(status->text()));
        QVERIFY2(status->text().contains(QStringLiteral("retrying")), qPrintable(status->text()));

        // A hold while offline fails inline, and the event loop keeps turning.
        CounterView *counter = nullptr;
        FIND_CHILD(counter, window.get(), "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, counter, "counterMessage");
        counter->selectShow(show.id);
        QTest::keyClicks(customer, QStringLiteral("Offline customer"));
        QElapsedTimer responsiveness;
        responsiveness.start();
        QTest::keyClick(customer, Qt::Key_Return);
        QVERIFY2(responsiveness.elapsed() < 1000, "pressing Enter must not block on the network");
        QTRY_VERIFY2_WITH_TIMEOUT(message->kind() == InlineMessage::Kind::Error,
                                  qPrintable(message->text()), 20000);
        QVERIFY2(message->text().contains(QStringLiteral("Not held")), qPrintable(message->text()));
        QVERIFY(!QApplication::activeModalWidget());

        // A new server on the same port (same database, so the same shows).
        QSignalSpy cameOnline(monitor, &ConnectionMonitor::cameOnline);
        ServerProcess second;
        second.setPort(port);
        second.setDatabaseUrl(databaseUrl);
        second.setAdminToken(first.adminToken());
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        QCOMPARE(second.port(), port);
        QTRY_COMPARE_WITH_TIMEOUT(monitor->state(), ConnectionMonitor::State::Online, 30000);
        QCOMPARE(cameOnline.count(), 1);
        QVERIFY2(status->text().contains(QStringLiteral("Online")), qPrintable(status->text()));

        // Back online, the counter works again without restarting anything.
        QTest::keyClick(customer, Qt::Key_Return);
        QTRY_VERIFY_WITH_TIMEOUT(message->kind() == InlineMessage::Kind::Success, 20000);
        QTRY_COMPARE_WITH_TIMEOUT(window->showsModel()->showById(show.id)->heldSeats, 1, 20000);
    }
};

QTEST_MAIN(TestServerReconnection)
#include "tst_serverreconnection.moc"
