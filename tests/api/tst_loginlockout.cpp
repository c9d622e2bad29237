// The login lock through the API (issue 13): five wrong passwords for one
// name lock it, and then even the right password gets 429 account_locked with
// Retry-After; a name that does not exist locks the same way, so the answer
// says nothing about which names are real; an admin's unlock lets the user in
// again. The rule itself is tested against the database in tst_loginthrottle.
#include "apitestbench.h"

#include <QtTest>

namespace {
const QString kPassword = QStringLiteral("correct horse battery");
constexpr int kFailuresBeforeLock = 5;
} // namespace

class TestLoginLockout : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    TestHttpClient::Reply login(const QString &username, const QString &password)
    {
        return m_bench.http().post(QStringLiteral("/auth/login"),
                                   {{"username", username}, {"password", password}});
    }

    // Fails kFailuresBeforeLock times; each of those is a plain 401.
    void failUntilLocked(const QString &username)
    {
        for (int attempt = 1; attempt <= kFailuresBeforeLock; ++attempt) {
            const auto reply = login(username, QStringLiteral("not the password"));
            QVERIFY2(
                reply.status == 401,
                qPrintable(QStringLiteral("attempt %1: %2").arg(attempt).arg(reply.describe())));
            QCOMPARE(reply.object().value("code").toString(),
                     QStringLiteral("invalid_credentials"));
        }
    }

    static void verifyLocked(const TestHttpClient::Reply &reply)
    {
        QVERIFY2(reply.status == 429, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("account_locked"));
        const int wait = reply.object().value("retry_after").toInt();
        QVERIFY2(wait >= 1 && wait <= 15 * 60, qPrintable(reply.describe()));
        QCOMPARE(reply.header("Retry-After").toInt(), wait);
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Logins from this test all come from 127.0.0.1: the per-address limit
        // is raised so that only the per-name lock is what answers.
        m_bench.server().setEnvironment(QStringLiteral("BOXOFFICE_RATE_LIMITS"),
                                        QStringLiteral("login.address=100/s:1000"));
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void fiveFailuresLockEvenTheRightPasswordUntilAnAdminUnlocks()
    {
        const auto created = m_bench.http().post(
            QStringLiteral("/admin/users"),
            {{"username", "lock.me"}, {"password", kPassword}, {"role", "clerk"}}, true);
        QVERIFY2(created.status == 201, qPrintable(created.describe()));
        const qint64 id = created.object().value("id").toInteger();

        failUntilLocked(QStringLiteral("lock.me"));
        verifyLocked(login(QStringLiteral("lock.me"), kPassword));
        // Another spelling of the same name is the same name.
        verifyLocked(login(QStringLiteral("Lock.Me"), kPassword));

        const auto users = m_bench.http().get(QStringLiteral("/admin/users"), true);
        QVERIFY2(users.status == 200, qPrintable(users.describe()));
        bool seen = false;
        for (const QJsonValue &user : users.object().value("users").toArray()) {
            if (user.toObject().value("id").toInteger() != id)
                continue;
            seen = true;
            QVERIFY2(user.toObject().value("locked_until").isString(),
                     "an admin sees until when the account is locked");
            QVERIFY(user.toObject().value("failed_logins").toInt() >= kFailuresBeforeLock);
        }
        QVERIFY(seen);

        const auto unlocked =
            m_bench.http().post(QStringLiteral("/admin/users/%1/unlock").arg(id), {}, true);
        QVERIFY2(unlocked.status == 200, qPrintable(unlocked.describe()));
        QVERIFY(unlocked.object().value("locked_until").isNull());
        const auto in = login(QStringLiteral("lock.me"), kPassword);
        QVERIFY2(in.status == 200, qPrintable(in.describe()));
        QVERIFY(in.object().value("token").toString().startsWith(QStringLiteral("bos_")));
    }

    void aNameThatDoesNotExistLocksTheSameWay()
    {
        failUntilLocked(QStringLiteral("nobody.here"));
        verifyLocked(login(QStringLiteral("nobody.here"), kPassword));
    }
};

QTEST_GUILESS_MAIN(TestLoginLockout)
#include "tst_loginlockout.moc"
