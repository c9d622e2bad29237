// Two servers on one database (issue 13): a token both have cached and that
// A revokes is refused by B within 1 s (the boxoffice_auth announcement
// reaching B's token cache); a session survives a restart of the server, a
// revoked one does not.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

namespace {
using Headers = QList<QPair<QByteArray, QByteArray>>;

Headers bearer(const QByteArray &token)
{
    return {{"Authorization", "Bearer " + token}, {"Content-Type", "application/json"}};
}

// A token of the server's own shape: prefix + 43 base64url characters.
QByteArray newToken(const char *prefix)
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32 *>(bytes.data()), 8);
    return QByteArray(prefix) +
           bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}
} // namespace

class TestTokenRevocation : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    ServerProcess m_serverA;
    ServerProcess m_serverB;
    std::unique_ptr<TestHttpClient> m_httpA;
    std::unique_ptr<TestHttpClient> m_httpB;

    static TestHttpClient::Reply me(TestHttpClient &http, const QByteArray &token)
    {
        return http.send("GET", QStringLiteral("/auth/me"), {}, bearer(token));
    }

    static QString reason(const TestHttpClient::Reply &reply)
    {
        return reply.status == 401 ? reply.object().value("reason").toString()
                                   : QStringLiteral("status %1").arg(reply.status);
    }

    bool sql(const QString &statement)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (query.exec(statement))
            return true;
        qWarning() << statement << "failed:" << query.lastError().text();
        return false;
    }

    // A login session made behind the server's back, as a login would store
    // it: a user, and the SHA-256 of the token. The token, or empty.
    QByteArray sessionFor(const QString &username)
    {
        const QByteArray token = newToken("bos_");
        const QByteArray digest =
            QCryptographicHash::hash(token, QCryptographicHash::Sha256).toHex();
        const bool made =
            sql(QStringLiteral("INSERT INTO staff_users (username, role, password_hash) VALUES "
                               "('%1', 'clerk', '$argon2id$v=19$m=65536,t=2,p=1$unused')")
                    .arg(username)) &&
            sql(QStringLiteral("INSERT INTO auth_tokens (kind, token_hash, user_id, role, "
                               "created_by, expires_at) SELECT 'session', '\\x%1'::bytea, id, "
                               "'clerk', username, now() + interval '1 hour' FROM staff_users "
                               "WHERE username = '%2'")
                    .arg(QString::fromLatin1(digest), username));
        return made ? token : QByteArray();
    }

    bool restartA()
    {
        if (!m_serverA.stop()) {
            qWarning() << "A did not stop cleanly:" << m_serverA.errorString()
                       << m_serverA.output();
            return false;
        }
        if (!m_serverA.start()) {
            qWarning() << "A did not start again:" << m_serverA.errorString();
            return false;
        }
        m_httpA->setBaseUrl(m_serverA.baseUrl());
        return true;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        for (ServerProcess *server : {&m_serverA, &m_serverB}) {
            server->setDatabaseUrl(m_databaseUrl);
            server->setEnvironment(QStringLiteral("BOXOFFICE_PUBLIC_BOOKING"),
                                   QStringLiteral("off"));
        }
        // A first: it creates the schema; B then starts on it.
        QVERIFY2(m_serverA.start(), qPrintable(m_serverA.errorString()));
        QVERIFY2(m_serverB.start(), qPrintable(m_serverB.errorString()));
        m_httpA = std::make_unique<TestHttpClient>(m_serverA.baseUrl(), m_serverA.adminToken());
        m_httpB = std::make_unique<TestHttpClient>(m_serverB.baseUrl(), m_serverB.adminToken());
    }

    void cleanupTestCase()
    {
        QVERIFY2(m_serverB.stop(), qPrintable(m_serverB.errorString() + m_serverB.output()));
        QVERIFY2(m_serverA.stop(), qPrintable(m_serverA.errorString() + m_serverA.output()));
    }

    void anApiTokenRevokedOnAIsRefusedByBWithinOneSecond()
    {
        const auto created = m_httpA->post(QStringLiteral("/admin/tokens"),
                                           {{"name", "shop on both"}, {"role", "shop"}}, true);
        QVERIFY2(created.status == 201, qPrintable("expected 201, seen " + created.describe()));
        const QByteArray token = created.object().value("token").toString().toLatin1();
        const qint64 id = created.object().value("id").toInteger();
        // Both look it up once and cache it.
        for (int round = 0; round < 2; ++round) {
            QCOMPARE(me(*m_httpA, token).status, 200);
            QCOMPARE(me(*m_httpB, token).status, 200);
        }
        const auto revoked = m_httpA->send("DELETE", QStringLiteral("/admin/tokens/%1").arg(id), {},
                                           {{"Authorization", m_httpA->adminHeader()}});
        QVERIFY2(revoked.status == 200, qPrintable("expected 200, seen " + revoked.describe()));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(*m_httpB, token)) == QLatin1String("revoked"),
                                  qPrintable("B still answers " + me(*m_httpB, token).describe()),
                                  1000);
        qInfo("B refused the revoked token after %lld ms", clock.elapsed());
        QCOMPARE(reason(me(*m_httpA, token)), QStringLiteral("revoked"));
    }

    void aSessionLoggedOutOnAIsRefusedByBWithinOneSecond()
    {
        const QByteArray session = sessionFor(QStringLiteral("both.clerk"));
        QVERIFY(!session.isEmpty());
        QCOMPARE(me(*m_httpA, session).status, 200);
        const auto onB = me(*m_httpB, session);
        QVERIFY2(onB.status == 200 && onB.object().value("username") == "both.clerk",
                 qPrintable("expected 200 for both.clerk, seen " + onB.describe()));
        const auto loggedOut =
            m_httpA->send("POST", QStringLiteral("/auth/logout"), {}, bearer(session));
        QVERIFY2(loggedOut.status == 204, qPrintable("expected 204, seen " + loggedOut.describe()));
        QCOMPARE(reason(me(*m_httpA, session)), QStringLiteral("revoked"));
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(*m_httpB, session)) == QLatin1String("revoked"),
                                  qPrintable("B still answers " + me(*m_httpB, session).describe()),
                                  1000);
    }

    void aRevocationBySqlReachesBothWithinOneSecond()
    {
        const QByteArray session = sessionFor(QStringLiteral("sql.clerk"));
        QVERIFY(!session.isEmpty());
        QCOMPARE(me(*m_httpA, session).status, 200);
        QCOMPARE(me(*m_httpB, session).status, 200);
        QVERIFY(sql(QStringLiteral("UPDATE auth_tokens SET revoked_at = now() WHERE user_id = "
                                   "(SELECT id FROM staff_users WHERE username = 'sql.clerk')")));
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(*m_httpA, session)) == QLatin1String("revoked") &&
                                      reason(me(*m_httpB, session)) == QLatin1String("revoked"),
                                  qPrintable("A: " + me(*m_httpA, session).describe() +
                                             "; B: " + me(*m_httpB, session).describe()),
                                  1000);
    }

    void aRevocationMadeWhileDeafIsRefusedOnceListeningAgain()
    {
        const QByteArray session = sessionFor(QStringLiteral("deaf.clerk"));
        QVERIFY(!session.isEmpty());
        QCOMPARE(me(*m_httpA, session).status, 200);
        QCOMPARE(me(*m_httpB, session).status, 200);
        // Both hubs' LISTEN connections die, so the announcement of the
        // revocation below goes to nobody. Asked again until both are found (a
        // connection may be between two statements); QTRY evaluates its
        // condition once more at the end, so never kill again once both are gone.
        int killed = 0;
        QTRY_VERIFY2_WITH_TIMEOUT(killed >= 2 || (killed += terminateListenConnections(m_databaseUrl)) >= 2,
                                  qPrintable(QStringLiteral("expected to kill both LISTEN "
                                                            "connections, killed %1")
                                                 .arg(killed)),
                                  5000);
        QVERIFY(sql(QStringLiteral("UPDATE auth_tokens SET revoked_at = now() WHERE user_id = "
                                   "(SELECT id FROM staff_users WHERE username = 'deaf.clerk')")));
        QElapsedTimer clock;
        clock.start();
        // The hubs notice within their 2 s check and listen again at once;
        // the token must be refused within about a second of that. One server
        // at a time: each refusal counts against the address's budget of
        // refused credentials, and asking A again while B's hub is still
        // reconnecting spent it (429 instead of the 401 looked for).
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(*m_httpA, session)) == QLatin1String("revoked"),
                                  qPrintable("A: " + me(*m_httpA, session).describe()), 5000);
        QTRY_VERIFY2_WITH_TIMEOUT(reason(me(*m_httpB, session)) == QLatin1String("revoked"),
                                  qPrintable("B: " + me(*m_httpB, session).describe()),
                                  qMax<qint64>(0, 5000 - clock.elapsed()));
        qInfo("both refused the token revoked while deaf after %lld ms", clock.elapsed());
    }

    void aSessionSurvivesARestartAndARevokedOneDoesNot()
    {
        const QByteArray kept = sessionFor(QStringLiteral("kept.clerk"));
        const QByteArray ended = sessionFor(QStringLiteral("ended.clerk"));
        QVERIFY(!kept.isEmpty() && !ended.isEmpty());
        QCOMPARE(me(*m_httpA, kept).status, 200);
        QCOMPARE(me(*m_httpA, ended).status, 200);
        QCOMPARE(m_httpA->send("POST", QStringLiteral("/auth/logout"), {}, bearer(ended)).status,
                 204);
        QVERIFY(restartA());
        const auto afterKept = me(*m_httpA, kept);
        QVERIFY2(afterKept.status == 200 && afterKept.object().value("username") == "kept.clerk",
                 qPrintable("expected the session to survive, seen " + afterKept.describe()));
        const auto afterEnded = me(*m_httpA, ended);
        QVERIFY2(reason(afterEnded) == QLatin1String("revoked"),
                 qPrintable("expected 401 revoked, seen " + afterEnded.describe()));
    }
};

QTEST_GUILESS_MAIN(TestTokenRevocation)
#include "tst_tokenrevocation.moc"
