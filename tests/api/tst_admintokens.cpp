// API tokens (issue 13): POST /admin/tokens shows the secret once, GET never
// does, DELETE revokes at once on this server; a shop token books, and roles
// are enforced (403) by the Router's table.
#include "apitestbench.h"
#include "testdatabase.h"

#include <QDateTime>
#include <QtTest>

namespace {
using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers bearer(const QString &token)
{
    return {{"Authorization", "Bearer " + token.toLatin1()}, {"Content-Type", "application/json"}};
}

const QStringList kTokenFields = {"created_at",   "created_by", "expires_at", "id",  "kind",
                                  "last_used_at", "name",       "revoked_at", "role"};
} // namespace

class TestAdminTokens : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

    TestHttpClient::Reply send(const QByteArray &method, const QString &path, const QString &token,
                               const QByteArray &body = {})
    {
        return m_bench.http().send(method, path, body, bearer(token));
    }

    TestHttpClient::Reply create(const QJsonObject &body)
    {
        return m_bench.http().post(QStringLiteral("/admin/tokens"), body, true);
    }

    // A new token's secret, or empty with a warning.
    QString createToken(const QString &name, const QString &role)
    {
        const auto reply = create({{"name", name}, {"role", role}});
        if (reply.status != 201)
            qWarning() << "creating token" << name << "failed:" << reply.describe();
        return reply.object().value("token").toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        // Booking needs a token here, so a refused role really is the token's doing.
        m_bench.server().setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"),
                                        QStringLiteral("off"));
        QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString()));
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.finish();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void createShowsTheSecretOnceAndListNever()
    {
        const auto created = create({{"name", "web shop"}, {"role", "shop"}});
        QVERIFY2(created.status == 201, qPrintable("expected 201, seen " + created.describe()));
        const QJsonObject token = created.object();
        QStringList expected = kTokenFields;
        expected << "token";
        expected.sort();
        QVERIFY2(token.keys() == expected,
                 qPrintable(QStringLiteral("expected %1, seen %2")
                                .arg(expected.join(','), token.keys().join(','))));
        const QString secret = token.value("token").toString();
        QVERIFY2(secret.startsWith("boa_") && secret.size() == 47,
                 qPrintable("expected boa_ + 43 characters, seen " + secret));
        QCOMPARE(token.value("kind").toString(), QStringLiteral("api"));
        QCOMPARE(token.value("role").toString(), QStringLiteral("shop"));
        QCOMPARE(token.value("created_by").toString(), QStringLiteral("bootstrap-admin"));
        QVERIFY2(token.value("expires_at").isNull(), qPrintable(created.describe()));
        QVERIFY2(token.value("revoked_at").isNull(), qPrintable(created.describe()));

        // Only the digest is stored.
        const qint64 id = token.value("id").toInteger();
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens WHERE id = %1 "
                                                 "AND token_hash = sha256('%2'::bytea)")
                                      .arg(id)
                                      .arg(secret)),
                 qint64(1));

        const auto listed = m_bench.http().get(QStringLiteral("/admin/tokens"), true);
        QVERIFY2(listed.status == 200, qPrintable("expected 200, seen " + listed.describe()));
        QVERIFY2(!listed.body.contains(secret.toLatin1()),
                 qPrintable("the list must not contain the secret: " + listed.describe()));
        bool found = false;
        for (const QJsonValue &entry : listed.object().value("tokens").toArray()) {
            const QJsonObject listedToken = entry.toObject();
            QVERIFY2(listedToken.keys() == kTokenFields,
                     qPrintable("expected the fields without token, seen " +
                                listedToken.keys().join(',')));
            found = found || listedToken.value("id").toInteger() == id;
        }
        QVERIFY2(found, qPrintable("expected token " + QString::number(id) + " in the list, seen " +
                                   listed.describe()));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                                 "'token.create' AND target_id = '%1'")
                                      .arg(id)),
                 qint64(1));
    }

    void aShopTokenBooksAndIsRefusedAdminRoutes()
    {
        const QString shop = createToken(QStringLiteral("kiosk"), QStringLiteral("shop"));
        QVERIFY(!shop.isEmpty());
        const qint64 show = m_bench.createShow(QStringLiteral("Token matinee"), 10);
        QVERIFY(show > 0);
        const auto booked = send("POST", QStringLiteral("/shows/%1/book").arg(show), shop,
                                 R"({"user_name":"Kiosk customer","seats":2})");
        QVERIFY2(booked.status == 201, qPrintable("expected 201, seen " + booked.describe()));
        const auto anonymous = m_bench.book(show, QStringLiteral("Nobody"), 1);
        QVERIFY2(anonymous.status == 401,
                 qPrintable("expected 401 without a token, seen " + anonymous.describe()));

        for (const QString &path :
             {QStringLiteral("/admin/tokens"), QStringLiteral("/admin/routes"),
              QStringLiteral("/admin/flags")}) {
            const auto refused = send("GET", path, shop);
            QVERIFY2(
                refused.status == 403 && refused.object().value("code") == "forbidden",
                qPrintable("expected 403 forbidden on " + path + ", seen " + refused.describe()));
        }
        const auto me = send("GET", QStringLiteral("/auth/me"), shop);
        QVERIFY2(me.status == 200, qPrintable("expected 200, seen " + me.describe()));
        QCOMPARE(me.object().value("kind").toString(), QStringLiteral("api_token"));
        QCOMPARE(me.object().value("name").toString(), QStringLiteral("kiosk"));
        QCOMPARE(me.object().value("role").toString(), QStringLiteral("shop"));
        QVERIFY2(me.object().value("username").isNull(), qPrintable(me.describe()));
    }

    void aClerkTokenIsNotAnAdmin()
    {
        const QString clerk =
            createToken(QStringLiteral("counter script"), QStringLiteral("clerk"));
        QVERIFY(!clerk.isEmpty());
        const auto refused = send("POST", QStringLiteral("/admin/tokens"), clerk,
                                  R"({"name":"escalate","role":"admin"})");
        QVERIFY2(refused.status == 403,
                 qPrintable("expected 403 for a clerk, seen " + refused.describe()));
        const QString admin = createToken(QStringLiteral("ops"), QStringLiteral("admin"));
        const auto allowed = send("GET", QStringLiteral("/admin/tokens"), admin);
        QVERIFY2(allowed.status == 200,
                 qPrintable("expected 200 for an admin token, seen " + allowed.describe()));
    }

    void revokeRefusesTheTokenAtOnce()
    {
        const QString shop = createToken(QStringLiteral("old shop"), QStringLiteral("shop"));
        QVERIFY(!shop.isEmpty());
        QVERIFY2(send("GET", QStringLiteral("/auth/me"), shop).status == 200, "a new token works");
        const qint64 id = m_bench.sqlValue(
            QStringLiteral("SELECT id FROM auth_tokens WHERE token_hash = sha256('%1'::bytea)")
                .arg(shop));
        QVERIFY(id > 0);
        const auto revoked =
            m_bench.http().send("DELETE", QStringLiteral("/admin/tokens/%1").arg(id), {},
                                {{"Authorization", m_bench.http().adminHeader()}});
        QVERIFY2(revoked.status == 200, qPrintable("expected 200, seen " + revoked.describe()));
        QVERIFY2(!revoked.object().value("revoked_at").isNull(), qPrintable(revoked.describe()));
        QVERIFY2(!revoked.object().contains("token"), qPrintable(revoked.describe()));
        const auto refused = send("GET", QStringLiteral("/auth/me"), shop);
        QVERIFY2(refused.status == 401 && refused.object().value("reason") == "revoked",
                 qPrintable("expected 401 reason revoked, seen " + refused.describe()));
        // Again: the same answer, the first revocation's time, no second audit row.
        const auto again =
            m_bench.http().send("DELETE", QStringLiteral("/admin/tokens/%1").arg(id), {},
                                {{"Authorization", m_bench.http().adminHeader()}});
        QVERIFY2(again.status == 200, qPrintable("expected 200, seen " + again.describe()));
        QCOMPARE(again.object().value("revoked_at"), revoked.object().value("revoked_at"));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM audit_log WHERE action = "
                                                 "'token.revoke' AND target_id = '%1'")
                                      .arg(id)),
                 qint64(1));
    }

    void badRequestsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        QTest::newRow("no name") << QByteArray("POST") << "/admin/tokens"
                                 << QByteArray(R"({"role":"shop"})") << 400 << "missing_field";
        QTest::newRow("empty name")
            << QByteArray("POST") << "/admin/tokens" << QByteArray(R"({"name":" ","role":"shop"})")
            << 400 << "out_of_range";
        QTest::newRow("unknown role")
            << QByteArray("POST") << "/admin/tokens" << QByteArray(R"({"name":"x","role":"root"})")
            << 400 << "invalid_field";
        QTest::newRow("role not a string")
            << QByteArray("POST") << "/admin/tokens" << QByteArray(R"({"name":"x","role":1})")
            << 400 << "invalid_field";
        QTest::newRow("expiry in the past")
            << QByteArray("POST") << "/admin/tokens"
            << QByteArray(R"({"name":"x","role":"shop","expires_at":"2001-01-01T00:00:00Z"})")
            << 400 << "out_of_range";
        QTest::newRow("expiry not a time")
            << QByteArray("POST") << "/admin/tokens"
            << QByteArray(R"({"name":"x","role":"shop","expires_at":"soon"})") << 400
            << "invalid_field";
        QTest::newRow("not json") << QByteArray("POST") << "/admin/tokens" << QByteArray("{") << 400
                                  << "invalid_json";
        QTest::newRow("unknown id") << QByteArray("DELETE") << "/admin/tokens/999999"
                                    << QByteArray() << 404 << "token_not_found";
        QTest::newRow("bad id") << QByteArray("DELETE") << "/admin/tokens/abc" << QByteArray()
                                << 400 << "invalid_id";
    }

    void badRequestsAreRefused()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, body);
        QFETCH(int, status);
        QFETCH(QString, code);
        const qint64 before = m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens"));
        const auto reply = m_bench.http().send(method, path, body,
                                               {{"Authorization", m_bench.http().adminHeader()},
                                                {"Content-Type", "application/json"}});
        QVERIFY2(
            reply.status == status && reply.object().value("code").toString() == code,
            qPrintable(
                QStringLiteral("expected %1 %2, seen %3").arg(status).arg(code, reply.describe())));
        QCOMPARE(m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM auth_tokens")), before);
    }

    void anExpiredTokenIsRefusedAsExpired()
    {
        const QString soon = QDateTime::currentDateTimeUtc().addSecs(3600).toString(Qt::ISODate);
        const auto created =
            create({{"name", "short lived"}, {"role", "clerk"}, {"expires_at", soon}});
        QVERIFY2(created.status == 201, qPrintable("expected 201, seen " + created.describe()));
        const QString secret = created.object().value("token").toString();
        QVERIFY2(send("GET", QStringLiteral("/auth/me"), secret).status == 200,
                 "a new token works");
        const qint64 id = created.object().value("id").toInteger();
        TestDatabase::scalar(m_bench.databaseUrl(),
                             QStringLiteral("UPDATE auth_tokens SET expires_at = now() - "
                                            "interval '1 minute' WHERE id = %1")
                                 .arg(id));
        QTRY_VERIFY2_WITH_TIMEOUT(
            send("GET", QStringLiteral("/auth/me"), secret).object().value("reason") == "expired",
            "expected 401 reason expired within 1 s", 1000);
    }

    void unknownAndMalformedTokensAreRefused()
    {
        const auto unknown =
            send("GET", QStringLiteral("/auth/me"),
                 QStringLiteral("boa_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        QVERIFY2(unknown.status == 401 && unknown.object().value("reason") == "unknown",
                 qPrintable("expected 401 unknown, seen " + unknown.describe()));
        const auto garbage = send("GET", QStringLiteral("/auth/me"), QStringLiteral("x' OR 1=1"));
        QVERIFY2(garbage.status == 401 && garbage.object().value("reason") == "unknown",
                 qPrintable("expected 401 unknown, seen " + garbage.describe()));
        const auto malformed = m_bench.http().send("GET", QStringLiteral("/auth/me"), {},
                                                   {{"Authorization", "Basic abc"}});
        QVERIFY2(malformed.status == 401 && malformed.object().value("reason") == "malformed",
                 qPrintable("expected 401 malformed, seen " + malformed.describe()));
    }
};

QTEST_GUILESS_MAIN(TestAdminTokens)
#include "tst_admintokens.moc"
