// The window remembers the server, the token (in its token store), its size and the open tab
// between runs, fits a 1366×768 screen, and the counter's tab order follows
// the way staff work: show, customer, seats, Hold.
#include "appsettings.h"
#include "counterview.h"
#include "mainwindow.h"
#include "tokenstore.h"

#include <QComboBox>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTcpServer>
#include <QtTest>

namespace {
// An address where nothing listens, so no test here depends on a server.
QUrl deadServerUrl()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost);
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort()));
}
} // namespace

class TestWindowLayoutRemembered : public QObject
{
    Q_OBJECT

private slots:
    void serverTokenSizeAndTabSurviveARestart()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("boxoffice.ini"));
        const QUrl url = deadServerUrl();
        {
            AppSettings settings(file);
            QCOMPARE(settings.serverUrl(), AppSettings::defaultServerUrl());
            // The dead server cannot confirm the token's role: the one it had last time holds.
            settings.setLastRole(QStringLiteral("admin"));
            MainWindow window(&settings);
            window.setConnection(url, "secret-token");
            window.show();
            window.resize(1100, 700);
            window.showShows();
            window.close();
        }
        AppSettings settings(file);
        QCOMPARE(settings.serverUrl(), url);
        QCOMPARE(TokenStore(TokenStore::Backend::FileOnly, settings.tokenDirectory()).load(),
                 QByteArray("secret-token"));
        MainWindow window(&settings);
        window.show();
        QCOMPARE(window.size(), QSize(1100, 700));
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        QVERIFY2(tabs, "expected a QTabWidget named mainTabs");
        QCOMPARE(tabs->currentIndex(), 1);
    }

    void fitsA1366By768Screen()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("boxoffice.ini")));
        settings.setServerUrl(deadServerUrl());
        MainWindow window(&settings);
        window.show();
        const QSize minimum = window.minimumSizeHint();
        QVERIFY2(
            minimum.width() <= 1366 && minimum.height() <= 728,
            qPrintable(
                QStringLiteral("minimum size %1×%2").arg(minimum.width()).arg(minimum.height())));
        window.resize(1366, 768);
        QCOMPARE(window.size(), QSize(1366, 768));
    }

    void counterTabOrderFollowsTheWork()
    {
        QTemporaryDir dir;
        AppSettings settings(dir.filePath(QStringLiteral("boxoffice.ini")));
        settings.setServerUrl(deadServerUrl());
        MainWindow window(&settings);
        window.show();
        window.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        auto *counter = window.findChild<CounterView *>(QStringLiteral("counterView"));
        QVERIFY2(counter, "expected a CounterView named counterView");
        auto *picker = counter->findChild<QComboBox *>(QStringLiteral("showPicker"));
        auto *customer = counter->findChild<QLineEdit *>(QStringLiteral("customerName"));
        auto *seats = counter->findChild<QSpinBox *>(QStringLiteral("seatCount"));
        QVERIFY2(picker && customer && seats,
                 "expected showPicker, customerName and seatCount in the counter");
        QTRY_VERIFY(customer->hasFocus());

        picker->setFocus();
        QTest::keyClick(picker, Qt::Key_Tab);
        QTRY_VERIFY(customer->hasFocus());
        QTest::keyClick(customer, Qt::Key_Tab);
        QTRY_VERIFY(seats->hasFocus());
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Tab);
        auto *hold = counter->findChild<QPushButton *>(QStringLiteral("holdButton"));
        QTRY_VERIFY(hold->hasFocus());

        // Escape clears the form and returns to the customer field.
        QTest::keyClicks(customer, QStringLiteral("half typed"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Escape);
        QTRY_VERIFY(customer->hasFocus());
        QVERIFY(customer->text().isEmpty());
    }
};

QTEST_MAIN(TestWindowLayoutRemembered)
#include "tst_windowlayoutremembered.moc"
