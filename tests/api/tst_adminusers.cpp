// The staff accounts API of issue 13 (/admin/users): create, list, change
// role or disabled, reset a password, unlock; the 400/404/409 answers; the
// last enabled admin kept, even against two concurrent demotions; sessions
// revoked (checked in SQL) by a role change, a disabling and a new password;
// an audit row for each change, never with a secret in it.
#include "apitestbench.h"
#include "auth/passwordhasher.h"
#include "testdatabase.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

namespace {
const QString kPassword = QStringLiteral("a good long password");
const QStringList kUserFields = {"created_at", "disabled",     "failed_logins",
                                 "id",         "locked_until", "password_changed_at",
                                 "role",       "updated_at",   "username"};
} // namespace

class TestAdminUsers : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    TestHttpClient::Reply create(const QString &name, const QString &role,
                                 const QString &password = kPassword)
    {
        return m_bench.http().post(QStringLiteral("/admin/users"),
                                   {{"username", name}, {"password", password}, {"role", role}},
                                   true);
    }
    qint64 createOk(const QString &name, const QString &role)
    {
        const auto reply = create(name, role);
        if (reply.status != 201) {
            qWarning("creating %s: expected 201, saw %s", qPrintable(name),
                     qPrintable(reply.describe()));
            return 0;
        }
        return reply.object().value(QStringLiteral("id")).toInteger();
    }
    TestHttpClient::Reply patch(qint64 id, const QJsonObject &body)
    {
        return m_bench.http().patch(QStringLiteral("/admin/users/%1").arg(id), body);
    }
    qint64 sql(const QString &statement) { return m_bench.sqlValue(statement); }
    qint64 userCount() { return sql(QStringLiteral("SELECT count(*) FROM staff_users")); }
    qint64 liveSessions(qint64 userId)
    {
        return sql(QStringLiteral("SELECT count(*) FROM auth_tokens WHERE user_id = %1 "
                                  "AND revoked_at IS NULL")
                       .arg(userId));
    }
    // Two live sessions for the user, made in SQL (logging in is the sessions helper's work).
    void addSessions(qint64 userId)
    {
        for (int i = 0; i < 2; ++i)
            sql(QStringLiteral("WITH s AS (INSERT INTO auth_tokens (kind, token_hash, user_id, "
                               "role, created_by, expires_at) SELECT 'session', "
                               "decode(md5(random()::text) || md5(random()::text), 'hex'), id, "
                               "role, username, now() + interval '1 hour' FROM staff_users "
                               "WHERE id = %1 RETURNING 1) SELECT count(*) FROM s")
                    .arg(userId));
    }
    QList<qint64> enabledAdmins()
    {
        QList<qint64> ids;
        QSqlDatabase db = TestDatabase::open(m_bench.databaseUrl());
        QSqlQuery query(db);
        query.exec(QStringLiteral(
            "SELECT id FROM staff_users WHERE role = 'admin' AND NOT disabled ORDER BY id"));
        while (query.next())
            ids << query.value(0).toLongLong();
        return ids;
    }
    // Leaves exactly one enabled admin (a new one if there is none); returns it.
    qint64 leaveOneAdmin()
    {
        QList<qint64> admins = enabledAdmins();
        if (admins.isEmpty())
            return createOk(QStringLiteral("admin-%1").arg(userCount()), QStringLiteral("admin"));
        for (int i = 1; i < admins.size(); ++i)
            if (patch(admins.at(i), {{"role", "clerk"}}).status != 200)
                return 0;
        return admins.first();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(PasswordHasher::initialise());
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
    }

    void cleanupTestCase()
    {
        // No audit row may hold a password or a hash, whatever the action.
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE position('argon2' IN "
                                    "coalesce(before::text, '') || coalesce(after::text, '')) > 0 "
                                    "OR position(%1 IN coalesce(after::text, '')) > 0 "
                                    "OR (coalesce(before, '{}'::jsonb) || coalesce(after, "
                                    "'{}'::jsonb)) ? 'password'")
                         .arg(QStringLiteral("'a good long password'"))),
                 0);
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void createdUserIsListed()
    {
        const auto reply = create(QStringLiteral("Alice.Clerk"), QStringLiteral("clerk"));
        QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
        const QJsonObject user = reply.object();
        QStringList keys = user.keys();
        keys.sort();
        QCOMPARE(keys, kUserFields);
        QCOMPARE(user.value("username").toString(), QStringLiteral("alice.clerk"));
        QCOMPARE(user.value("role").toString(), QStringLiteral("clerk"));
        QCOMPARE(user.value("disabled").toBool(true), false);
        QCOMPARE(user.value("failed_logins").toInt(-1), 0);
        QVERIFY(user.value("locked_until").isNull());
        QVERIFY(user.value("created_at").toString().endsWith(QLatin1Char('Z')));
        QVERIFY2(!reply.body.contains("argon2"), "the answer shows the password hash");

        const auto listed = m_bench.http().get(QStringLiteral("/admin/users"), true);
        QVERIFY2(listed.status == 200, qPrintable(listed.describe()));
        const QJsonArray users = listed.object().value("users").toArray();
        QCOMPARE(users.size(), 1);
        QCOMPARE(users.first().toObject(), user);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'user.create' "
                                    "AND actor = 'bootstrap-admin' AND target_id = '%1'")
                         .arg(user.value("id").toInteger())),
                 1);
    }

    void usersNeedAnAdminToken()
    {
        const auto reply = m_bench.http().get(QStringLiteral("/admin/users"));
        QCOMPARE(reply.status, 401);
        QCOMPARE(reply.object().value("code").toString(), QStringLiteral("unauthorized"));
    }

    void badCreateIsRefused_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const auto body = [](const QJsonValue &name, const QJsonValue &password,
                             const QJsonValue &role) {
            QJsonObject object;
            for (const auto &[key, value] :
                 {std::pair{"username", name}, std::pair{"password", password},
                  std::pair{"role", role}})
                if (!value.isUndefined())
                    object.insert(QLatin1String(key), value);
            return QJsonDocument(object).toJson(QJsonDocument::Compact);
        };
        const QJsonValue none(QJsonValue::Undefined);
        // Nine code points outside the BMP are 18 UTF-16 units: still too short.
        QString nineEmoji;
        for (int i = 0; i < 9; ++i)
            nineEmoji += QString::fromUcs4(U"\U0001F3AD", 1);
        QTest::newRow("not json") << QByteArray("{nope") << 400 << "invalid_json";
        QTest::newRow("no username") << body(none, kPassword, "clerk") << 400 << "missing_field";
        QTest::newRow("number username") << body(7, kPassword, "clerk") << 400 << "invalid_field";
        QTest::newRow("empty username") << body("", kPassword, "clerk") << 400 << "invalid_field";
        QTest::newRow("space in username")
            << body("bob smith", kPassword, "clerk") << 400 << "invalid_field";
        QTest::newRow("leading dot") << body(".bob", kPassword, "clerk") << 400 << "invalid_field";
        QTest::newRow("65 characters")
            << body(QString(65, QLatin1Char('a')), kPassword, "clerk") << 400 << "invalid_field";
        QTest::newRow("short password")
            << body("bob", "nine char", "clerk") << 400 << "weak_password";
        QTest::newRow("9 emoji") << body("bob", nineEmoji, "clerk") << 400 << "weak_password";
        QTest::newRow("1025 characters")
            << body("bob", QString(1025, QLatin1Char('p')), "clerk") << 400 << "out_of_range";
        QTest::newRow("number password")
            << body("bob", 1234567890, "clerk") << 400 << "invalid_field";
        QTest::newRow("no password") << body("bob", none, "clerk") << 400 << "missing_field";
        QTest::newRow("shop role") << body("bob", kPassword, "shop") << 400 << "invalid_field";
        QTest::newRow("no role") << body("bob", kPassword, none) << 400 << "missing_field";
        QTest::newRow("taken, other case")
            << body("ALICE.clerk", kPassword, "clerk") << 409 << "username_taken";
    }

    void badCreateIsRefused()
    {
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const qint64 before = userCount();
        const auto reply = m_bench.http().send("POST", QStringLiteral("/admin/users"), body,
                                               {{"Content-Type", "application/json"},
                                                {"Authorization", m_bench.http().adminHeader()}});
        QVERIFY2(
            reply.status == status && reply.object().value("code").toString() == code,
            qPrintable(
                QStringLiteral("expected %1 %2, saw %3").arg(status).arg(code, reply.describe())));
        QCOMPARE(userCount(), before);
    }

    void exactlyTenCharactersIsEnough()
    {
        const auto reply =
            create(QStringLiteral("ten"), QStringLiteral("clerk"), QString(10, QChar(0x263A)));
        QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
    }

    void badPatchIsRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("unknown id") << "/admin/users/999999" << QByteArray(R"({"role":"admin"})")
                                    << 404 << "user_not_found";
        QTest::newRow("bad id") << "/admin/users/abc" << QByteArray(R"({"role":"admin"})") << 400
                                << "invalid_id";
        QTest::newRow("nothing to change")
            << "/admin/users/1" << QByteArray("{}") << 400 << "missing_field";
        QTest::newRow("shop") << "/admin/users/1" << QByteArray(R"({"role":"shop"})") << 400
                              << "invalid_field";
        QTest::newRow("disabled text")
            << "/admin/users/1" << QByteArray(R"({"disabled":"yes"})") << 400 << "invalid_field";
    }

    void badPatchIsRefused()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const auto reply = m_bench.http().send("PATCH", path, body,
                                               {{"Content-Type", "application/json"},
                                                {"Authorization", m_bench.http().adminHeader()}});
        QVERIFY2(
            reply.status == status && reply.object().value("code").toString() == code,
            qPrintable(
                QStringLiteral("expected %1 %2, saw %3").arg(status).arg(code, reply.describe())));
    }

    void roleChangeRevokesSessions()
    {
        const qint64 id = createOk(QStringLiteral("promoted"), QStringLiteral("clerk"));
        QVERIFY(id > 0);
        addSessions(id);
        QCOMPARE(liveSessions(id), 2);
        const auto reply = patch(id, {{"role", "admin"}});
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("role").toString(), QStringLiteral("admin"));
        QCOMPARE(liveSessions(id), 0);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = 'user.update' "
                                    "AND target_id = '%1' AND before->>'role' = 'clerk' "
                                    "AND after->>'role' = 'admin'")
                         .arg(id)),
                 1);
    }

    void disablingRevokesSessionsAndEnablingKeepsThem()
    {
        const qint64 id = createOk(QStringLiteral("leaver"), QStringLiteral("clerk"));
        QVERIFY(id > 0);
        addSessions(id);
        const auto off = patch(id, {{"disabled", true}});
        QVERIFY2(off.status == 200, qPrintable(off.describe()));
        QCOMPARE(off.object().value("disabled").toBool(), true);
        QCOMPARE(liveSessions(id), 0);
        const auto on = patch(id, {{"disabled", false}});
        QVERIFY2(on.status == 200, qPrintable(on.describe()));
        addSessions(id);
        QVERIFY2(patch(id, {{"disabled", false}}).status == 200, "re-enabling an enabled user");
        QCOMPARE(liveSessions(id), 2);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE target_id = '%1' AND "
                                    "action IN ('user.disable', 'user.enable')")
                         .arg(id)),
                 2);
    }

    void passwordResetRevokesSessions()
    {
        const qint64 id = createOk(QStringLiteral("forgot"), QStringLiteral("clerk"));
        QVERIFY(id > 0);
        addSessions(id);
        const QString path = QStringLiteral("/admin/users/%1/password").arg(id);
        const auto weak = m_bench.http().post(path, {{"password", "short"}}, true);
        QVERIFY2(weak.status == 400 &&
                     weak.object().value("code") == QStringLiteral("weak_password"),
                 qPrintable(weak.describe()));
        QCOMPARE(liveSessions(id), 2);
        const QString fresh = QStringLiteral("a brand new password");
        const auto reply = m_bench.http().post(path, {{"password", fresh}}, true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(liveSessions(id), 0);
        const QString hash =
            TestDatabase::scalar(m_bench.databaseUrl(), QStringLiteral("SELECT password_hash FROM "
                                                                       "staff_users WHERE id = %1")
                                                            .arg(id))
                .toString();
        QVERIFY2(PasswordHasher::verify(hash, fresh), "the new password does not verify");
        QVERIFY2(!PasswordHasher::verify(hash, kPassword), "the old password still verifies");
        const auto missing = m_bench.http().post(QStringLiteral("/admin/users/999999/password"),
                                                 {{"password", fresh}}, true);
        QCOMPARE(missing.status, 404);
        QCOMPARE(sql(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                    "'user.reset_password' AND target_id = '%1'")
                         .arg(id)),
                 1);
    }

    void unlockClearsFailures()
    {
        const qint64 id = createOk(QStringLiteral("locked.out"), QStringLiteral("clerk"));
        QVERIFY(id > 0);
        sql(QStringLiteral("WITH f AS (INSERT INTO login_failures (username, failures, "
                           "locked_until) VALUES ('locked.out', 5, now() + interval '15 minutes') "
                           "RETURNING 1) SELECT count(*) FROM f"));
        bool seen = false;
        for (const QJsonValue &value : m_bench.http()
                                           .get(QStringLiteral("/admin/users"), true)
                                           .object()
                                           .value("users")
                                           .toArray()) {
            const QJsonObject user = value.toObject();
            if (user.value("id").toInteger() != id)
                continue;
            seen = true;
            QCOMPARE(user.value("failed_logins").toInt(), 5);
            QVERIFY2(user.value("locked_until").isString(), "a locked user shows no locked_until");
        }
        QVERIFY(seen);
        const auto reply =
            m_bench.http().post(QStringLiteral("/admin/users/%1/unlock").arg(id), {}, true);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        QCOMPARE(reply.object().value("failed_logins").toInt(-1), 0);
        QVERIFY(reply.object().value("locked_until").isNull());
        QCOMPARE(sql("SELECT count(*) FROM login_failures WHERE username = 'locked.out'"), 0);
        QCOMPARE(m_bench.http().post(QStringLiteral("/admin/users/999999/unlock"), {}, true).status,
                 404);
    }

    void lastEnabledAdminIsKept()
    {
        const qint64 last = leaveOneAdmin();
        QVERIFY(last > 0);
        for (const QJsonObject &change :
             {QJsonObject{{"role", "clerk"}}, QJsonObject{{"disabled", true}},
              QJsonObject{{"role", "clerk"}, {"disabled", true}}}) {
            const auto reply = patch(last, change);
            QVERIFY2(
                reply.status == 409 && reply.object().value("code") == QStringLiteral("last_admin"),
                qPrintable(QStringLiteral("expected 409 last_admin, saw ") + reply.describe()));
        }
        QCOMPARE(enabledAdmins(), QList<qint64>{last});
        // With a second admin, the first may go.
        const qint64 second = createOk(QStringLiteral("second.admin"), QStringLiteral("admin"));
        QVERIFY(second > 0);
        QCOMPARE(patch(last, {{"disabled", true}}).status, 200);
        QCOMPARE(patch(second, {{"role", "clerk"}}).status, 409);
    }

    void concurrentDemotionsLeaveOneAdmin()
    {
        QNetworkAccessManager network;
        for (int round = 0; round < 5; ++round) {
            const qint64 a = leaveOneAdmin();
            const qint64 b =
                createOk(QStringLiteral("racer-%1").arg(round), QStringLiteral("admin"));
            QVERIFY(a > 0 && b > 0);
            QList<QNetworkReply *> replies;
            for (const qint64 id : {a, b}) {
                QNetworkRequest request(
                    m_bench.server().baseUrl().resolved(QStringLiteral("/admin/users/%1").arg(id)));
                request.setHeader(QNetworkRequest::ContentTypeHeader, "application/json");
                request.setRawHeader("Authorization", m_bench.http().adminHeader());
                replies << network.sendCustomRequest(request, "PATCH", R"({"role":"clerk"})");
            }
            QTRY_VERIFY_WITH_TIMEOUT(replies.at(0)->isFinished() && replies.at(1)->isFinished(),
                                     30000);
            QList<int> statuses;
            for (QNetworkReply *reply : replies) {
                statuses << reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
                reply->deleteLater();
            }
            std::sort(statuses.begin(), statuses.end());
            QCOMPARE(statuses, (QList<int>{200, 409}));
            QCOMPARE(enabledAdmins().size(), 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestAdminUsers)
#include "tst_adminusers.moc"
