// A session that ends while the clerk works: the server revokes it, the next
// action brings the login dialog (one, though several calls fail together),
// and after logging in again the typed customer, seats and chosen show are
// still there and the clerk repeats the hold.
#include "guitestsupport.h"

#include "counterview.h"
#include "holdsmodel.h"
#include "logindialog.h"
#include "serverprocess.h"
#include "sessioncontroller.h"
#include "showsmodel.h"
#include "showsrefresher.h"
#include "testhttpclient.h"
#include "tokenstore.h"

#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
const auto kPassword = QStringLiteral("clerk password 42");
}

class TestSessionExpiry : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    std::unique_ptr<TestHttpClient> m_http;
    QTemporaryDir m_dir;

    QByteArray loginToken()
    {
        const auto reply =
            m_http->post(QStringLiteral("/auth/login"),
                         {{QStringLiteral("username"), QStringLiteral("night.clerk")},
                          {QStringLiteral("password"), kPassword}});
        if (reply.status != 200)
            qWarning() << "POST /auth/login:" << reply.describe();
        return reply.object().value(QStringLiteral("token")).toString().toUtf8();
    }

private slots:
    void initTestCase()
    {
        // Booking needs a staff token here, so the counter's own calls meet the revocation.
        m_server.setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"), QStringLiteral("off"));
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_http = std::make_unique<TestHttpClient>(m_server.baseUrl(), m_server.adminToken());
        const auto created =
            m_http->post(QStringLiteral("/admin/users"),
                         {{QStringLiteral("username"), QStringLiteral("night.clerk")},
                          {QStringLiteral("password"), kPassword},
                          {QStringLiteral("role"), QStringLiteral("clerk")}},
                         true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
    }

    void aRevokedSessionAsksForLoginAndKeepsTheCounter()
    {
        const qint64 showId = m_http->createShow(QStringLiteral("Late Show"), 40);
        QVERIFY(showId > 0);
        const QByteArray token = loginToken();
        QVERIFY2(token.startsWith("bos_"), "expected a session token from POST /auth/login");

        AppSettings settings(m_dir.filePath(QStringLiteral("boxoffice.ini")));
        settings.setServerUrl(m_server.baseUrl());
        TokenStore(TokenStore::Backend::FileOnly, settings.tokenDirectory()).save(token);
        MainWindow window(&settings);
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.session()->role(), SessionController::Role::Clerk, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.showsModel()->showById(showId).has_value(), 20000);

        CounterView *counter = nullptr;
        FIND_CHILD(counter, &window, "counterView");
        QLineEdit *customer = nullptr;
        FIND_CHILD(customer, counter, "customerName");
        QSpinBox *seats = nullptr;
        FIND_CHILD(seats, counter, "seatCount");
        QPushButton *hold = nullptr;
        FIND_CHILD(hold, counter, "holdButton");
        counter->selectShow(showId);
        customer->setText(QStringLiteral("Ada Lovelace"));
        seats->setValue(3);

        // The session ends elsewhere (an admin, another window): the server forgets it.
        const auto logout = m_http->send(
            "POST", QStringLiteral("/auth/logout"), "{}",
            {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}});
        QVERIFY2(logout.status == 204, qPrintable(logout.describe()));

        hold->click();
        // The refresher's calls fail at the same time as the hold: still one dialog.
        window.refresher()->refreshNow();
        QTRY_VERIFY2_WITH_TIMEOUT(window.session()->loginDialog() != nullptr,
                                  "expected the login dialog after the session was revoked", 20000);
        QPointer<LoginDialog> dialog = window.session()->loginDialog();
        QTest::qWait(0);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(window.findChildren<LoginDialog *>().size(), 1);
        QCOMPARE(window.holdsModel()->rowCount(), 0);

        // Nothing typed was lost behind the dialog.
        QCOMPARE(customer->text(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(seats->value(), 3);
        QVERIFY(counter->currentShow().has_value());
        QCOMPARE(counter->currentShow()->id, showId);

        QLineEdit *username = nullptr;
        FIND_CHILD(username, dialog.data(), "loginUsername");
        QLineEdit *password = nullptr;
        FIND_CHILD(password, dialog.data(), "loginPassword");
        QPushButton *login = nullptr;
        FIND_CHILD(login, dialog.data(), "loginButton");
        username->setText(QStringLiteral("night.clerk"));
        password->setText(kPassword);
        QTest::mouseClick(login, Qt::LeftButton);
        QTRY_VERIFY2_WITH_TIMEOUT(!dialog || !dialog->isVisible(),
                                  "expected the dialog closed after logging in again", 20000);
        QCOMPARE(window.session()->role(), SessionController::Role::Clerk);
        QCOMPARE(customer->text(), QStringLiteral("Ada Lovelace"));
        QCOMPARE(seats->value(), 3);

        // The clerk repeats the hold, now with the new session.
        QTRY_VERIFY_WITH_TIMEOUT(hold->isEnabled(), 10000);
        hold->click();
        QTRY_COMPARE_WITH_TIMEOUT(window.holdsModel()->rowCount(), 1, 20000);
        QCOMPARE(window.holdsModel()->bookingAt(0).userName, QStringLiteral("Ada Lovelace"));
        QCOMPARE(window.holdsModel()->bookingAt(0).seats, 3);
    }
};

QTEST_MAIN(TestSessionExpiry)
#include "tst_sessionexpiry.moc"
