// Login sessions (issue 13): login -> me -> logout -> me is refused as
// revoked; a wrong password and an unknown name get the same answer; a
// session whose expires_at passes (set by SQL) is refused as expired within
// 1 s; disabling a user ends its sessions; a session's role is enforced.
#include "apitestbench.h"
#include "testdatabase.h"

#include <QDateTime>
#include <QtTest>

namespace {
using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers bearer(const QByteArray &token)
{
    return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

const QString kPassword = QStringLiteral("correct horse battery");
} // namespace

class TestLogin : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    TestHttpClient::Reply login(const QString &username, const QString &password)
    {
        return m_bench.http().post(QStringLiteral("/auth/login"),
                                   {{"username", username}, {"password", password}});
    }

    TestHttpClient::Reply me(const QByteArray &token)
    {
        return m_bench.http().send("GET", QStringLiteral("/auth/me"), {}, bearer(token));
    }

    static QString reason(const TestHttpClient::Reply &reply)
    {
        return reply.status == 401 ? reply.object().value("reason").toString()
                                   : QStringLiteral("status %1").arg(reply.status);
    }

    // A new user's id, or 0 with a warning.
    qint64 createUser(const QString &username, const QString &role)
    {
        const auto reply = m_bench.http().post(
            QStringLiteral("/admin/users"),
            {{"username", username}, {"password", kPassword}, {"role", role}}, true);
        if (reply.status != 201)
            qWarning() << "creating user" << username << "failed:" << reply.describe();
        return reply.status == 201 ? reply.object().value("id").toInteger() : 0;
    }

    // A session token of a new user, or empty with a warning.
    QByteArray sessionOf(const QString &username, const QString &role)
    {
        if (createUser(username, role) == 0)
            return {};
        const auto reply = login(username, kPassword);
        if (reply.status != 200)
            qWarning() << "login of" << username << "failed:" << reply.describe();
        return reply.object().value("token").toString().toLatin1();
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void loginMeLogoutThenMeIsRevoked()
    {
        const qint64 userId = createUser(QStringLiteral("ann.clerk"), QStringLiteral("clerk"));
        QVERIFY(userId > 0);
        const QDateTime before = QDateTime::currentDateTimeUtc();
        // Names are compared lower-cased.
        const auto loggedIn = login(QStringLiteral("Ann.Clerk"), kPassword);
        QVERIFY2(loggedIn.status == 200, qPrintable("expected 200, seen " + loggedIn.describe()));
        const QJsonObject answer = loggedIn.object();
        const QStringList fields = {"expires_at", "role", "token", "username"};
        QVERIFY2(answer.keys() == fields,
                 qPrintable("expected " + fields.join(',') + ", seen " + answer.keys().join(',')));
        const QByteArray token = answer.value("token").toString().toLatin1();
        QVERIFY2(token.startsWith("bos_") && token.size() == 47,
                 qPrintable("expected bos_ + 43 characters, seen " + token));
        QCOMPARE(answer.value("role").toString(), QStringLiteral("clerk"));
        QCOMPARE(answer.value("username").toString(), QStringLiteral("ann.clerk"));
        const QDateTime expires =
            QDateTime::fromString(answer.value("expires_at").toString(), Qt::ISODateWithMs);
        const qint64 hours12 = 12 * 3600;
        QVERIFY2(expires.isValid() && qAbs(before.secsTo(expires) - hours12) < 120,
                 qPrintable("expected expires_at 12 h from now, seen " + loggedIn.describe()));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens WHERE "
                                                 "token_hash = sha256('%1'::bytea) AND kind = "
                                                 "'session' AND user_id = %2")
                                      .arg(QString::fromLatin1(token))
                                      .arg(userId)),
                 qint64(1));

        const auto who = me(token);
        QVERIFY2(who.status == 200, qPrintable("expected 200, seen " + who.describe()));
        QCOMPARE(who.object().value("kind").toString(), QStringLiteral("session"));
        QCOMPARE(who.object().value("username").toString(), QStringLiteral("ann.clerk"));
        QCOMPARE(who.object().value("role").toString(), QStringLiteral("clerk"));
        QVERIFY2(who.object().value("name").isNull(), qPrintable(who.describe()));
        QVERIFY2(who.object().value("token_id").toInteger() > 0, qPrintable(who.describe()));
        QCOMPARE(who.object().value("expires_at"), answer.value("expires_at"));

        const auto loggedOut =
            m_bench.http().send("POST", QStringLiteral("/auth/logout"), {}, bearer(token));
        QVERIFY2(loggedOut.status == 204, qPrintable("expected 204, seen " + loggedOut.describe()));
        const auto after = me(token);
        QVERIFY2(reason(after) == QLatin1String("revoked"),
                 qPrintable("expected 401 revoked, seen " + after.describe()));
        QCOMPARE(after.object().value("code").toString(), QStringLiteral("unauthorized"));
        for (const char *action : {"auth.login", "auth.logout"})
            QVERIFY2(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log WHERE "
                                                     "action = '%1' AND actor = 'ann.clerk'")
                                          .arg(QLatin1String(action))) == 1,
                     qPrintable(QStringLiteral("expected one %1 audit row").arg(action)));
    }

    void aWrongPasswordAndAnUnknownNameGetTheSameAnswer()
    {
        QVERIFY(createUser(QStringLiteral("bob.clerk"), QStringLiteral("clerk")) > 0);
        const auto wrong = login(QStringLiteral("bob.clerk"), QStringLiteral("not the password"));
        const auto unknown =
            login(QStringLiteral("nobody.here"), QStringLiteral("not the password"));
        QVERIFY2(wrong.status == 401 && wrong.object().value("code") == "invalid_credentials",
                 qPrintable("expected 401 invalid_credentials, seen " + wrong.describe()));
        QVERIFY2(unknown.status == wrong.status && unknown.body == wrong.body,
                 qPrintable("expected the same answer, seen " + wrong.describe() + " and " +
                            unknown.describe()));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens t JOIN "
                                                 "staff_users u ON u.id = t.user_id WHERE "
                                                 "u.username = 'bob.clerk'")),
                 qint64(0));
    }

    void badLoginBodiesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("code");
        QTest::newRow("not json") << QByteArray("{") << "invalid_json";
        QTest::newRow("no username")
            << QByteArray(R"({"password":"0123456789"})") << "missing_field";
        QTest::newRow("no password") << QByteArray(R"({"username":"x"})") << "missing_field";
        QTest::newRow("password a number")
            << QByteArray(R"({"username":"x","password":1234567890})") << "invalid_field";
        QTest::newRow("username an array")
            << QByteArray(R"({"username":["x"],"password":"0123456789"})") << "invalid_field";
    }

    void badLoginBodiesAreRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, code);
        const qint64 before = m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens"));
        const auto reply = m_bench.http().send("POST", QStringLiteral("/auth/login"), body,
                                               {{"Content-Type", "application/json"}});
        QVERIFY2(reply.status == 400 && reply.object().value("code").toString() == code,
                 qPrintable("expected 400 " + code + ", seen " + reply.describe()));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens")), before);
    }

    void anExpiredSessionIsRefusedWithinOneSecond()
    {
        const QByteArray token = sessionOf(QStringLiteral("cy.clerk"), QStringLiteral("clerk"));
        QVERIFY(!token.isEmpty());
        QCOMPARE(me(token).status, 200);
        TestDatabase::scalar(m_bench.databaseUrl(),
                             QStringLiteral("UPDATE auth_tokens SET expires_at = now() - interval "
                                            "'1 second' WHERE token_hash = sha256('%1'::bytea)")
                                 .arg(QString::fromLatin1(token)));
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(token)) == QLatin1String("expired"),
                                  qPrintable("expected 401 expired, seen " + me(token).describe()),
                                  1000);
    }

    void disablingAUserEndsItsSessions()
    {
        const QByteArray token = sessionOf(QStringLiteral("dee.clerk"), QStringLiteral("clerk"));
        QVERIFY(!token.isEmpty());
        QCOMPARE(me(token).status, 200);
        const qint64 id = m_bench.sqlValue(
            QStringLiteral("SELECT id FROM staff_users WHERE username = 'dee.clerk'"));
        const auto disabled = m_bench.http().send(
            "PATCH", QStringLiteral("/admin/users/%1").arg(id), R"({"disabled":true})",
            {{"Authorization", m_bench.http().adminHeader()},
             {"Content-Type", "application/json"}});
        QVERIFY2(disabled.status == 200, qPrintable("expected 200, seen " + disabled.describe()));
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(token)) == QLatin1String("revoked"),
                                  qPrintable("expected 401 revoked, seen " + me(token).describe()),
                                  1000);
        const auto again = login(QStringLiteral("dee.clerk"), kPassword);
        QVERIFY2(again.status == 401 && again.object().value("code") == "invalid_credentials",
                 qPrintable("expected 401 invalid_credentials, seen " + again.describe()));
    }

    void aSessionCarriesItsUsersRole()
    {
        const QByteArray clerk = sessionOf(QStringLiteral("eve.clerk"), QStringLiteral("clerk"));
        const QByteArray admin = sessionOf(QStringLiteral("fay.admin"), QStringLiteral("admin"));
        QVERIFY(!clerk.isEmpty() && !admin.isEmpty());
        const auto refused =
            m_bench.http().send("GET", QStringLiteral("/admin/tokens"), {}, bearer(clerk));
        QVERIFY2(refused.status == 403 && refused.object().value("code") == "forbidden",
                 qPrintable("expected 403 forbidden for a clerk, seen " + refused.describe()));
        const auto allowed =
            m_bench.http().send("GET", QStringLiteral("/admin/tokens"), {}, bearer(admin));
        QVERIFY2(allowed.status == 200,
                 qPrintable("expected 200 for an admin, seen " + allowed.describe()));
        const auto made =
            m_bench.http().send("POST", QStringLiteral("/admin/tokens"),
                                R"({"name":"made by fay","role":"shop"})", bearer(admin));
        QVERIFY2(made.status == 201 && made.object().value("created_by") == "fay.admin",
                 qPrintable("expected 201 created_by fay.admin, seen " + made.describe()));
    }

    void theBootstrapTokenIsNotLoggedOut()
    {
        const auto refused = m_bench.http().send("POST", QStringLiteral("/auth/logout"), {},
                                                 bearer(m_bench.server().adminToken()));
        QVERIFY2(refused.status == 403,
                 qPrintable("expected 403 for the bootstrap token, seen " + refused.describe()));
        const auto who = me(m_bench.server().adminToken());
        QVERIFY2(who.status == 200 && who.object().value("kind") == "bootstrap" &&
                     who.object().value("role") == "admin",
                 qPrintable("expected the bootstrap admin, seen " + who.describe()));
    }
};

QTEST_GUILESS_MAIN(TestLogin)
#include "tst_login.moc"
