// "Resume" for a show and "Use default" on the sales controls delete a flag;
// when the server was started with that flag in its environment
// (BOXOFFICE_FLAG_SALES_PAUSED_SHOW_<id>, BOXOFFICE_FLAG_BOOKING_MAX_SEATS) there
// is nothing stored, the DELETE answers 404, and the pause or limit stays in
// force. The panel then says so, naming the variable, instead of reporting
// success; a flag that was only stored goes back to the default as before.
#include "guitestsupport.h"

#include "connectionmonitor.h"
#include "flagsview.h"
#include "inlinemessage.h"
#include "mainwindow.h"
#include "salescontrolspanel.h"
#include "serverprocess.h"
#include "showsmodel.h"

#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace GuiTestSupport;

class TestSalesControlsEnvironment : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    QTemporaryDir m_dir;
    qint64 m_showId = 0;

    static QString describe(const InlineMessage *message)
    {
        return QStringLiteral("%1: %2").arg(
            QString::fromLatin1(
                QMetaEnum::fromType<InlineMessage::Kind>().valueToKey(int(message->kind()))),
            message->text());
    }

    // Waits until `message` shows something of `kind` containing `text`.
    static void expectMessage(InlineMessage *message, InlineMessage::Kind kind, const QString &text)
    {
        const bool seen = QTest::qWaitFor(
            [&] { return message->kind() == kind && message->text().contains(text); }, 20000);
        const QString expected =
            QStringLiteral("%1: …%2…")
                .arg(QString::fromLatin1(
                         QMetaEnum::fromType<InlineMessage::Kind>().valueToKey(int(kind))),
                     text);
        QVERIFY2(seen, qPrintable(
                           QStringLiteral("expected %1, saw %2").arg(expected, describe(message))));
    }

    static void clickAndConfirm(MainWindow &window, QPushButton *button)
    {
        QTest::mouseClick(button, Qt::LeftButton);
        QMessageBox *box = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((box = window.findChild<QMessageBox *>(
                                      QStringLiteral("salesChangeConfirmation"))) != nullptr,
                                 5000);
        auto *yes = box->findChild<QPushButton *>(QStringLiteral("confirmSalesChange"));
        QVERIFY(yes);
        QTest::mouseClick(yes, Qt::LeftButton);
    }

private slots:
    void initTestCase()
    {
        // A show first, on a server without overrides; then the same database under a
        // server whose environment pauses that show and sets the seat limit.
        ServerProcess plain;
        QString databaseUrl;
        const QString failure = startServer(plain, {}, &databaseUrl);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        {
            QTemporaryDir dir;
            auto [settings, window] = openWindow(dir, plain);
            m_showId = createShow(*window, QStringLiteral("Env Paused Aida"), 30).id;
        }
        QVERIFY(m_showId > 0);
        QVERIFY2(plain.stop(), qPrintable(plain.errorString()));

        m_server.setDatabaseUrl(databaseUrl);
        m_server.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_SALES_PAUSED_SHOW_%1").arg(m_showId),
                                QStringLiteral("true"));
        m_server.setEnvironment(QStringLiteral("BOXOFFICE_FLAG_BOOKING_MAX_SEATS"),
                                QStringLiteral("7"));
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString() + m_server.output()));
    }

    void resumingAShowPausedByTheEnvironmentSaysItStaysPaused()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        QTRY_COMPARE_WITH_TIMEOUT(window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);
        window->showFlags();
        FlagsView *flags = nullptr;
        FIND_CHILD(flags, window.get(), "flagsView");
        QPushButton *pauseShow = nullptr;
        FIND_CHILD(pauseShow, window.get(), "pauseShowButton");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, window.get(), "salesControlsMessage");
        QTRY_VERIFY_WITH_TIMEOUT(window->showsModel()->showById(m_showId).has_value(), 20000);
        flags->salesControls()->selectShow(m_showId);
        QTRY_VERIFY_WITH_TIMEOUT(pauseShow->isChecked(), 20000); // /config: paused

        clickAndConfirm(*window, pauseShow);
        expectMessage(message, InlineMessage::Kind::Warning,
                      QStringLiteral("BOXOFFICE_FLAG_SALES_PAUSED_SHOW_%1").arg(m_showId));
        QVERIFY2(message->text().contains(QStringLiteral("sales.paused.show.%1").arg(m_showId)),
                 qPrintable(describe(message)));
        QVERIFY2(pauseShow->isChecked(), "expected the show still shown paused, saw it resumed");
        QVERIFY2(pauseShow->text().contains(QStringLiteral("SHOW PAUSED")),
                 qPrintable(pauseShow->text()));
    }

    void useDefaultForALimitFromTheEnvironmentSaysItStays()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        window->showFlags();
        QSpinBox *maxSeats = nullptr;
        FIND_CHILD(maxSeats, window.get(), "spinMaxSeats");
        QPushButton *useDefault = nullptr;
        FIND_CHILD(useDefault, window.get(), "defaultMaxSeats");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, window.get(), "salesControlsMessage");
        QTRY_COMPARE_WITH_TIMEOUT(maxSeats->value(), 7, 20000);

        QTest::mouseClick(useDefault, Qt::LeftButton);
        expectMessage(message, InlineMessage::Kind::Warning,
                      QStringLiteral("BOXOFFICE_FLAG_BOOKING_MAX_SEATS"));
        QVERIFY2(message->text().contains(QStringLiteral("booking.max_seats stays 7")),
                 qPrintable(describe(message)));
        QCOMPARE(maxSeats->value(), 7);
    }

    void useDefaultForAStoredLimitStillReportsTheDefault()
    {
        auto [settings, window] = openWindow(m_dir, m_server);
        window->showFlags();
        QSpinBox *holdSeconds = nullptr;
        FIND_CHILD(holdSeconds, window.get(), "spinHoldSeconds");
        QPushButton *apply = nullptr;
        FIND_CHILD(apply, window.get(), "applyHoldSeconds");
        QPushButton *useDefault = nullptr;
        FIND_CHILD(useDefault, window.get(), "defaultHoldSeconds");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, window.get(), "salesControlsMessage");
        QTRY_COMPARE_WITH_TIMEOUT(holdSeconds->value(), 120, 20000);

        holdSeconds->setValue(77);
        QTest::mouseClick(apply, Qt::LeftButton);
        expectMessage(message, InlineMessage::Kind::Success,
                      QStringLiteral("booking.hold_seconds set to 77."));
        QTest::mouseClick(useDefault, Qt::LeftButton);
        expectMessage(message, InlineMessage::Kind::Success,
                      QStringLiteral("booking.hold_seconds is back to the default."));
        QTRY_COMPARE_WITH_TIMEOUT(holdSeconds->value(), 120, 20000);
    }
};

QTEST_MAIN(TestSalesControlsEnvironment)
#include "tst_salescontrolsenvironment.moc"
