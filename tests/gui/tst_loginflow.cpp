// Logging in at the counter, against the real server with staff accounts made
// through its API: a wrong password is said inline, the right one opens the
// window with the token kept in the owner-only token file; a clerk sees the
// counter only (and the admin shortcuts do nothing), an admin every page.
#include "guitestsupport.h"

#include "certificatepin.h"
#include "connectionmonitor.h"
#include "inlinemessage.h"
#include "logindialog.h"
#include "serverprocess.h"
#include "sessioncontroller.h"
#include "staffusersmodel.h"
#include "testcertificate.h"
#include "testhttpclient.h"
#include "tokenstore.h"
#include "userspage.h"

#include <QCheckBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QtTest>

using namespace GuiTestSupport;

namespace {
const auto kPassword = QStringLiteral("correct horse battery");
}

class TestLoginFlow : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;
    std::unique_ptr<TestHttpClient> m_http;

    void createUser(const QString &name, const QString &role)
    {
        const auto reply = m_http->post(QStringLiteral("/admin/users"),
                                        {{QStringLiteral("username"), name},
                                         {QStringLiteral("password"), kPassword},
                                         {QStringLiteral("role"), role}},
                                        true);
        QVERIFY2(
            reply.status == 201,
            qPrintable(
                QStringLiteral("POST /admin/users: expected 201, got %1").arg(reply.describe())));
    }

    // A window without a token, its login dialog open.
    struct LoginWindow
    {
        std::unique_ptr<QTemporaryDir> dir;
        std::unique_ptr<AppSettings> settings;
        std::unique_ptr<MainWindow> window;
        QPointer<LoginDialog> dialog;
    };

    void openLogin(LoginWindow &w, const QUrl &server = {})
    {
        w.dir = std::make_unique<QTemporaryDir>();
        w.settings =
            std::make_unique<AppSettings>(w.dir->filePath(QStringLiteral("boxoffice.ini")));
        w.settings->setServerUrl(server.isEmpty() ? m_server.baseUrl() : server);
        w.window = std::make_unique<MainWindow>(w.settings.get());
        w.window->show();
        w.window->session()->loginIfNeeded();
        QTRY_VERIFY2_WITH_TIMEOUT(w.window->session()->loginDialog() != nullptr,
                                  "expected the login dialog without a token", 10000);
        w.dialog = w.window->session()->loginDialog();
        QTRY_VERIFY(w.dialog->isVisible());
    }

    void logIn(LoginWindow &w, const QString &name, const QString &password)
    {
        QLineEdit *username = nullptr;
        FIND_CHILD(username, w.dialog.data(), "loginUsername");
        QLineEdit *secret = nullptr;
        FIND_CHILD(secret, w.dialog.data(), "loginPassword");
        QPushButton *login = nullptr;
        FIND_CHILD(login, w.dialog.data(), "loginButton");
        username->setText(name);
        secret->setText(password);
        QTest::mouseClick(login, Qt::LeftButton);
    }

    static bool tabShown(MainWindow &window, const char *pageName)
    {
        auto *tabs = window.findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        auto *page = window.findChild<QWidget *>(QString::fromLatin1(pageName));
        return tabs && page && tabs->isTabVisible(tabs->indexOf(page));
    }

private slots:
    void initTestCase()
    {
        const QString failure = startServer(m_server);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        m_http = std::make_unique<TestHttpClient>(m_server.baseUrl(), m_server.adminToken());
        createUser(QStringLiteral("clerk.one"), QStringLiteral("clerk"));
        createUser(QStringLiteral("admin.one"), QStringLiteral("admin"));
    }

    void wrongPasswordSaysSoRightOneOpensTheCounter()
    {
        LoginWindow w;
        openLogin(w);
        if (QTest::currentTestFailed())
            return;
        logIn(w, QStringLiteral("clerk.one"), QStringLiteral("not the password"));
        InlineMessage *message = nullptr;
        FIND_CHILD(message, w.dialog.data(), "loginMessage");
        QTRY_VERIFY2_WITH_TIMEOUT(message->text().contains(QStringLiteral("Wrong user name")),
                                  qPrintable(QStringLiteral("expected \"Wrong user name or "
                                                            "password\", seen \"%1\"")
                                                 .arg(message->text())),
                                  20000);
        QVERIFY2(w.dialog && w.dialog->isVisible(), "a refused login keeps the dialog open");
        QCOMPARE(w.window->session()->role(), SessionController::Role::None);

        logIn(w, QStringLiteral("Clerk.One"), kPassword); // names are case-insensitive
        // The dialog deletes itself on close, its message with it.
        const QPointer<InlineMessage> openMessage = message;
        QTRY_VERIFY2_WITH_TIMEOUT(
            !w.dialog || !w.dialog->isVisible(),
            qPrintable(QStringLiteral("expected the dialog closed, it says "
                                      "\"%1\"")
                           .arg(openMessage ? openMessage->text() : QString())),
            20000);
        QCOMPARE(w.window->session()->role(), SessionController::Role::Clerk);
        QVERIFY2(!tabShown(*w.window, "showsView"), "a clerk sees no Shows admin tab");
        QVERIFY2(!tabShown(*w.window, "flagsView"), "a clerk sees no Flags tab");
        QVERIFY2(!tabShown(*w.window, "usersPage"), "a clerk sees no Users tab");
        QVERIFY2(!tabShown(*w.window, "tokensPage"), "a clerk sees no Tokens tab");
        w.window->showFlags();
        w.window->showUsers();
        auto *tabs = w.window->findChild<QTabWidget *>(QStringLiteral("mainTabs"));
        QCOMPARE(tabs->currentIndex(), 0);

        // The session token is kept owner-only, and the counter's calls carry it.
        const QByteArray stored =
            TokenStore(TokenStore::Backend::FileOnly, w.settings->tokenDirectory()).load();
        QVERIFY2(stored.startsWith("bos_"),
                 qPrintable(QStringLiteral("expected a bos_ token stored, seen \"%1\"")
                                .arg(QString::fromUtf8(stored.left(4)))));
        QLabel *who = nullptr;
        FIND_CHILD(who, w.window.get(), "sessionLabel");
        QVERIFY2(who->text().contains(QStringLiteral("clerk.one")), qPrintable(who->text()));
    }

    void anAdminSeesEveryPage()
    {
        LoginWindow w;
        openLogin(w);
        if (QTest::currentTestFailed())
            return;
        logIn(w, QStringLiteral("admin.one"), kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(!w.dialog || !w.dialog->isVisible(), 20000);
        QCOMPARE(w.window->session()->role(), SessionController::Role::Admin);
        for (const char *page : {"showsView", "flagsView", "usersPage", "tokensPage"})
            QVERIFY2(tabShown(*w.window, page), page);
        w.window->showUsers();
        UsersPage *users = nullptr;
        FIND_CHILD(users, w.window.get(), "usersPage");
        QTRY_VERIFY2_WITH_TIMEOUT(users->model()->rowOfUser(QStringLiteral("clerk.one")) >= 0,
                                  "expected clerk.one listed on the Users page", 20000);
    }

    void aStoredTokenNeedsNoLoginAndLogoutForgetsIt()
    {
        LoginWindow w;
        openLogin(w);
        if (QTest::currentTestFailed())
            return;
        logIn(w, QStringLiteral("clerk.one"), kPassword);
        QTRY_VERIFY_WITH_TIMEOUT(!w.dialog || !w.dialog->isVisible(), 20000);
        const QString tokenFile =
            TokenStore(TokenStore::Backend::FileOnly, w.settings->tokenDirectory()).filePath();
        w.window.reset();

        // The next start: the stored token is asked about, no dialog.
        w.window = std::make_unique<MainWindow>(w.settings.get());
        w.window->show();
        w.window->session()->loginIfNeeded();
        QTRY_COMPARE_WITH_TIMEOUT(w.window->session()->role(), SessionController::Role::Clerk,
                                  20000);
        QVERIFY2(!w.window->session()->loginDialog(), "no login dialog for an accepted token");

        const QByteArray token =
            TokenStore(TokenStore::Backend::FileOnly, w.settings->tokenDirectory()).load();
        w.window->session()->logout();
        QVERIFY2(!QFile::exists(tokenFile), "expected the token file removed on logout");
        // The server was told: the token no longer opens anything.
        QTRY_COMPARE_WITH_TIMEOUT(m_http
                                      ->send("GET", QStringLiteral("/auth/me"), {},
                                             {{"Authorization", "Bearer " + token}})
                                      .status,
                                  401, 10000);
        QCOMPARE(w.window->session()->role(), SessionController::Role::None);
        QTRY_VERIFY2(w.window->session()->loginDialog() != nullptr, "logging out asks for a login");
    }

    void anUntrustedCertificateIsShownAndCanBePinned()
    {
        TestCertificate certificate;
        QVERIFY2(certificate.generate(), qPrintable(certificate.errorString()));
        ServerProcess tlsServer;
        const QString failure =
            startServer(tlsServer, {QStringLiteral("--tls-cert"), certificate.certificatePath(),
                                    QStringLiteral("--tls-key"), certificate.keyPath()});
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        QVERIFY2(tlsServer.isTls(), "expected the server to speak https");

        LoginWindow w;
        openLogin(w, tlsServer.baseUrl());
        if (QTest::currentTestFailed())
            return;
        QCheckBox *useToken = nullptr;
        FIND_CHILD(useToken, w.dialog.data(), "useApiToken");
        QLineEdit *apiToken = nullptr;
        FIND_CHILD(apiToken, w.dialog.data(), "loginApiToken");
        QPushButton *login = nullptr;
        FIND_CHILD(login, w.dialog.data(), "loginButton");
        QPushButton *trust = nullptr;
        FIND_CHILD(trust, w.dialog.data(), "trustCertificate");
        InlineMessage *message = nullptr;
        FIND_CHILD(message, w.dialog.data(), "loginMessage");
        useToken->setChecked(true);
        apiToken->setText(QString::fromUtf8(tlsServer.adminToken()));
        QTest::mouseClick(login, Qt::LeftButton);

        // A self-signed certificate is refused, and shown by the fingerprint openssl gives.
        const QString fingerprint = certificate.opensslFingerprint();
        QTRY_VERIFY2_WITH_TIMEOUT(trust->isVisible(),
                                  qPrintable(QStringLiteral("expected the trust offer, the "
                                                            "dialog says \"%1\"")
                                                 .arg(message->text())),
                                  20000);
        QVERIFY2(message->text().contains(fingerprint, Qt::CaseInsensitive),
                 qPrintable(QStringLiteral("expected fingerprint %1 in \"%2\"")
                                .arg(fingerprint, message->text())));
        QCOMPARE(w.window->session()->role(), SessionController::Role::None);

        QTest::mouseClick(trust, Qt::LeftButton);
        // The dialog deletes itself on close, its message with it; QVERIFY2 builds the
        // text after the wait, when it may be gone.
        const QPointer<InlineMessage> openMessage = message;
        QTRY_VERIFY2_WITH_TIMEOUT(
            !w.dialog || !w.dialog->isVisible(),
            qPrintable(QStringLiteral("expected the dialog closed once "
                                      "pinned, it says \"%1\"")
                           .arg(openMessage ? openMessage->text() : QString())),
            20000);
        QCOMPARE(w.window->session()->role(), SessionController::Role::Admin);
        QCOMPARE(w.settings->pinnedCertificate(tlsServer.baseUrl()).toHex(),
                 CertificatePin::digestFromFingerprint(fingerprint).toHex());
        // The window's own client uses the pin: its calls reach the server.
        QCOMPARE(w.window->api()->pinnedCertificate().toHex(),
                 CertificatePin::digestFromFingerprint(fingerprint).toHex());
        QTRY_COMPARE_WITH_TIMEOUT(w.window->monitor()->state(), ConnectionMonitor::State::Online,
                                  20000);
        QVERIFY2(tlsServer.stop(), qPrintable(tlsServer.errorString()));
    }
};

QTEST_MAIN(TestLoginFlow)
#include "tst_loginflow.moc"
