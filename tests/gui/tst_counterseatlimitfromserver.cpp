// The counter's seat count stops at the server's max_seats_per_booking (from
// GET /config), not at a number built into the client, and follows the server
// when it comes back with another limit.
#include "guitestsupport.h"

#include "connectionmonitor.h"
#include "counterview.h"
#include "mainwindow.h"
#include "serverconfigloader.h"
#include "serverprocess.h"

#include <QSpinBox>
#include <QtTest>

using namespace GuiTestSupport;

class TestCounterSeatLimitFromServer : public QObject
{
    Q_OBJECT

private slots:
    void seatSpinBoxStopsAtTheServersLimit()
    {
        QTemporaryDir dir;
        ServerProcess first;
        QString databaseUrl;
        const QString failure = startServer(
            first, {QStringLiteral("--max-seats-per-booking"), QStringLiteral("7")}, &databaseUrl);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        auto [settings, window] = openWindow(dir, first);
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, window.get(), "seatCount");
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);
        QTRY_COMPARE_WITH_TIMEOUT(seats->maximum(), 7, 20000);

        // Staff cannot go past it, however often they press Up.
        seats->setFocus();
        for (int i = 0; i < 12; ++i)
            QTest::keyClick(seats, Qt::Key_Up);
        QCOMPARE(seats->value(), 7);
        seats->selectAll();
        QTest::keyClicks(seats, QStringLiteral("9"));
        QVERIFY2(seats->value() <= 7, qPrintable(QString::number(seats->value())));

        // The server comes back with another limit: the counter follows after reconnecting.
        const quint16 port = first.port();
        QVERIFY2(first.stop(), qPrintable(first.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Offline,
                                  30000);
        QCOMPARE(seats->maximum(), 7); // offline: the last limits stay
        ServerProcess second;
        second.setPort(port);
        second.setDatabaseUrl(databaseUrl);
        second.setArguments({QStringLiteral("--max-seats-per-booking"), QStringLiteral("12")});
        QVERIFY2(second.start(), qPrintable(second.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  30000);
        QTRY_COMPARE_WITH_TIMEOUT(seats->maximum(), 12, 20000);
        QCOMPARE(window->serverConfig()->config().maxSeatsPerBooking, 12);
    }
};

QTEST_MAIN(TestCounterSeatLimitFromServer)
#include "tst_counterseatlimitfromserver.moc"
