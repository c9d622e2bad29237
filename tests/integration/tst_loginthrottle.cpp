// UserService::verifyLogin against a real PostgreSQL: five failures lock a
// name, whether or not it is an account's, for the lock's time; a good login
// clears the count; an admin's unlock too; unknown, disabled and wrong answers
// look alike and take about the same time; every failure and lockout is audited.
#include "auth/passwordhasher.h"
#include "auth/userservice.h"
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QtTest>

#include <memory>

namespace {
const QString kPassword = QStringLiteral("the right password");
const QString kWrong = QStringLiteral("a wrong password");

QString describe(const DomainError &error)
{
    return errorCodeName(error.code) + QStringLiteral(": ") + error.message;
}
template <typename T> QString describe(const Result<T> &result)
{
    return result ? QStringLiteral("a value (success)") : describe(result.error());
}

AuditContext context()
{
    return AuditContext{QStringLiteral("anonymous"), QStringLiteral("anonymous"),
                        QStringLiteral("127.0.0.1"), QStringLiteral("throttle-test")};
}
} // namespace

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;

    qint64 sql(const QString &statement) { return TestDatabase::integer(m_url, statement); }

    qint64 newUser(const QString &name, StaffRole role = StaffRole::Clerk)
    {
        const auto user =
            UserService(*m_session).create({name, kPassword, role}, AuditContext::system("test"));
        if (!user) {
            qWarning("creating %s failed: %s", qPrintable(name), qPrintable(describe(user)));
            return 0;
        }
        return user->id;
    }

    Result<StaffUser> login(const QString &name, const QString &password,
                            LoginThrottle::Rule rule = {})
    {
        return UserService(*m_session, rule).verifyLogin(name, password, context());
    }

    static bool isCode(const Result<StaffUser> &result, ErrorCode code)
    {
        return !result && result.error().code == code;
    }

    qint64 auditCount(const QString &action, const QString &name)
    {
        return sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = '%1' "
                                  "AND after->>'username' = '%2'")
                       .arg(action, name));
    }

    // Fails `count` times with a wrong password; false at the first other answer.
    bool failTimes(const QString &name, int count, LoginThrottle::Rule rule = {})
    {
        for (int i = 1; i <= count; ++i) {
            const auto result = login(name, kWrong, rule);
            if (!isCode(result, ErrorCode::InvalidCredentials)) {
                qWarning("failure %d for %s: expected invalid_credentials, saw %s", i,
                         qPrintable(name), qPrintable(describe(result)));
                return false;
            }
        }
        return true;
    }

    void checkLockAfterFive(const QString &name)
    {
        QVERIFY(failTimes(name, 4));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM login_failures WHERE username = '%1' "
                                    "AND locked_until IS NOT NULL")
                         .arg(name)),
                 0);
        QVERIFY(failTimes(name, 1)); // the fifth is still answered, and locks
        // Now even the right password is refused, before it is looked at.
        const auto locked = login(name, kPassword);
        QVERIFY2(isCode(locked, ErrorCode::AccountLocked),
                 qPrintable(QStringLiteral("expected account_locked, saw ") + describe(locked)));
        const int retryAfter = locked.error().details.value(QStringLiteral("retry_after")).toInt();
        QVERIFY2(
            retryAfter > 14 * 60 && retryAfter <= 15 * 60,
            qPrintable(
                QStringLiteral("expected retry_after of about 900 s, saw %1").arg(retryAfter)));
        QCOMPARE(auditCount(QStringLiteral("auth.login_failed"), name), 5);
        QCOMPARE(auditCount(QStringLiteral("auth.lockout"), name), 1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(PasswordHasher::initialise());
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_session = std::make_unique<DatabaseSession>(DatabaseSettings::fromUrl(QUrl(m_url)),
                                                      QStringLiteral("throttle-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void rightPasswordLogsIn()
    {
        const qint64 id = newUser(QStringLiteral("goodlogin"));
        QVERIFY(id > 0);
        const auto user = login(QStringLiteral("GoodLogin"), kPassword);
        QVERIFY2(user, qPrintable(describe(user)));
        QCOMPARE(user->id, id);
        QCOMPARE(user->username, QStringLiteral("goodlogin"));
    }

    void fiveFailuresLockAnAccount()
    {
        QVERIFY(newUser(QStringLiteral("locky")) > 0);
        checkLockAfterFive(QStringLiteral("locky"));
    }

    void unknownNamesLockTheSameWay() { checkLockAfterFive(QStringLiteral("nobody-at-all")); }

    void namesAreCountedLowerCased()
    {
        QVERIFY(newUser(QStringLiteral("mixedcase")) > 0);
        QVERIFY(failTimes(QStringLiteral("MixedCase"), 3));
        QVERIFY(failTimes(QStringLiteral("MIXEDCASE"), 2));
        QVERIFY(isCode(login(QStringLiteral("mixedcase"), kPassword), ErrorCode::AccountLocked));
    }

    void refusalsLookAlike()
    {
        const qint64 id = newUser(QStringLiteral("disabledone"));
        QVERIFY(id > 0);
        const auto disabled =
            UserService(*m_session).update(id, {std::nullopt, true}, AuditContext::system("test"));
        QVERIFY2(disabled, qPrintable(describe(disabled)));
        const auto wrong = login(QStringLiteral("goodlogin"), kWrong);
        const auto unknown = login(QStringLiteral("no-such-user"), kPassword);
        const auto off = login(QStringLiteral("disabledone"), kPassword);
        for (const auto *result : {&wrong, &unknown, &off}) {
            QVERIFY2(isCode(*result, ErrorCode::InvalidCredentials), qPrintable(describe(*result)));
            QCOMPARE(result->error().message, wrong.error().message);
            QCOMPARE(result->error().details, wrong.error().details);
        }
        QVERIFY(login(QStringLiteral("goodlogin"), kPassword)); // clears its count again
    }

    void goodLoginClearsTheCount()
    {
        QVERIFY(newUser(QStringLiteral("forgetful")) > 0);
        QVERIFY(failTimes(QStringLiteral("forgetful"), 4));
        QVERIFY(login(QStringLiteral("forgetful"), kPassword));
        QCOMPARE(sql("SELECT count(*) FROM login_failures WHERE username = 'forgetful'"), 0);
        // A new run: four more failures do not lock.
        QVERIFY(failTimes(QStringLiteral("forgetful"), 4));
        const auto user = login(QStringLiteral("forgetful"), kPassword);
        QVERIFY2(user, qPrintable(describe(user)));
    }

    void unlockClearsALock()
    {
        const qint64 id = newUser(QStringLiteral("unlockme"));
        QVERIFY(id > 0);
        QVERIFY(failTimes(QStringLiteral("unlockme"), 5));
        const auto listed = UserService(*m_session).get(id);
        QVERIFY(listed);
        QCOMPARE(listed->failedLogins, 5);
        QVERIFY2(listed->lockedUntil.isValid(), "a locked user shows no locked_until");
        const auto unlocked = UserService(*m_session).unlock(id, AuditContext::system("test"));
        QVERIFY2(unlocked, qPrintable(describe(unlocked)));
        QCOMPARE(unlocked->failedLogins, 0);
        QVERIFY(!unlocked->lockedUntil.isValid());
        const auto user = login(QStringLiteral("unlockme"), kPassword);
        QVERIFY2(user, qPrintable(describe(user)));
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'user.unlock' "
                                    "AND target_id = '%1'")
                         .arg(id)),
                 1);
    }

    void lockEndsAfterItsTime()
    {
        const LoginThrottle::Rule quick{2, 900, 1};
        QVERIFY(newUser(QStringLiteral("shortlock")) > 0);
        QVERIFY(failTimes(QStringLiteral("shortlock"), 2, quick));
        QVERIFY(
            isCode(login(QStringLiteral("shortlock"), kPassword, quick), ErrorCode::AccountLocked));
        QTRY_VERIFY_WITH_TIMEOUT(login(QStringLiteral("shortlock"), kPassword, quick).ok(), 5000);
    }

    void unknownAndKnownNamesTakeAboutTheSameTime()
    {
        QVERIFY(newUser(QStringLiteral("timed")) > 0);
        constexpr int kRounds = 5;
        QElapsedTimer timer;
        qint64 knownNs = 0;
        qint64 unknownNs = 0;
        for (int i = 0; i < kRounds; ++i) {
            timer.start();
            QVERIFY(isCode(login(QStringLiteral("timed"), kWrong), ErrorCode::InvalidCredentials));
            knownNs += timer.nsecsElapsed();
            timer.start();
            QVERIFY(isCode(login(QStringLiteral("ghost-%1").arg(i), kWrong),
                           ErrorCode::InvalidCredentials));
            unknownNs += timer.nsecsElapsed();
        }
        const double known = double(knownNs) / kRounds / 1e6;
        const double unknown = double(unknownNs) / kRounds / 1e6;
        const QString seen =
            QStringLiteral("known %1 ms, unknown %2 ms on average").arg(known).arg(unknown);
        QVERIFY2(known >= 0.5 * unknown && unknown >= 0.5 * known, qPrintable(seen));
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "tst_loginthrottle.moc"
