// TokenRepository against a real PostgreSQL with sql/007: tokens are found by
// digest and id, revoked once (the first time is kept), last use is written
// for a batch in one statement, a user's sessions are revoked together, and
// sessions are not listed with API tokens.
#include "auth/bearertoken.h"
#include "auth/tokenrepository.h"
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "testdatabase.h"

#include <QtTest>

#include <memory>

class TestTokenRepository : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    std::unique_ptr<DatabaseSession> m_session;

    TokenRepository repository() { return TokenRepository(*m_session); }
    QVariant sql(const QString &statement) { return TestDatabase::scalar(m_url, statement); }

    static QString describe(const DomainError &error)
    {
        return errorCodeName(error.code) + QStringLiteral(": ") + error.message;
    }

    qint64 userNamed(const QString &name)
    {
        return sql(QStringLiteral("INSERT INTO staff_users (username, role, password_hash) VALUES "
                                  "('%1', 'clerk', '$argon2id$v=19$unused') RETURNING id")
                       .arg(name))
            .toLongLong();
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        m_session = std::make_unique<DatabaseSession>(DatabaseSettings::fromUrl(QUrl(m_url)),
                                                      QStringLiteral("token-repository-test"));
        QVERIFY2(m_session->ensureOpen(), qPrintable(m_session->lastError()));
    }

    void cleanupTestCase() { m_session.reset(); }

    void anApiTokenIsFoundByDigestAndRevokedOnce()
    {
        const QByteArray secret = BearerToken::generate(BearerToken::kApiPrefix);
        const QDateTime expires = QDateTime::currentDateTimeUtc().addDays(30);
        const auto made =
            repository().insertApi(BearerToken::digest(secret), QStringLiteral("shop"),
                                   StaffRole::Shop, QStringLiteral("bootstrap-admin"), expires);
        QVERIFY2(made, made ? "" : qPrintable(describe(made.error())));
        QCOMPARE(made->kind, AuthToken::Kind::Api);
        QCOMPARE(made->expiresAt,
                 QDateTime::fromMSecsSinceEpoch(expires.toMSecsSinceEpoch(), QTimeZone::utc()));
        const auto found = repository().findByDigest(BearerToken::digest(secret));
        QVERIFY2(found && *found && (*found)->id == made->id, "expected the token by its digest");
        QVERIFY2(!(*found)->isRevoked(), "a new token is not revoked");

        const auto first = repository().revoke(made->id, AuthToken::Kind::Api);
        QVERIFY2(first && *first && (*first)->revokedAt.isValid(), "expected the first revocation");
        const auto second = repository().revoke(made->id);
        QVERIFY2(second && !*second, "a revoked token is not revoked again");
        const auto after = repository().findById(made->id);
        QCOMPARE((*after)->revokedAt, (*first)->revokedAt);
        const auto none = repository().findByDigest(BearerToken::digest("boa_other"));
        QVERIFY2(none && !*none, "expected no token for an unknown digest");
    }

    void aUsersSessionsAreRevokedTogetherAndNotListed()
    {
        const qint64 user = userNamed(QStringLiteral("repo.clerk"));
        QVERIFY(user > 0);
        const QDateTime expires = QDateTime::currentDateTimeUtc().addSecs(3600);
        QList<qint64> ids;
        for (int i = 0; i < 2; ++i) {
            const auto session = repository().insertSession(
                BearerToken::digest(BearerToken::generate(BearerToken::kSessionPrefix)), user,
                StaffRole::Clerk, QStringLiteral("repo.clerk"), expires);
            QVERIFY2(session, session ? "" : qPrintable(describe(session.error())));
            QCOMPARE(session->username, QStringLiteral("repo.clerk"));
            QCOMPARE(session->principal().kind, Principal::Kind::Session);
            ids << session->id;
        }
        const auto listed = repository().listApi();
        QVERIFY(listed);
        for (const AuthToken &token : *listed)
            QVERIFY2(!ids.contains(token.id), "sessions must not be listed with API tokens");
        const auto revoked = repository().revokeSessionsOf(user);
        QVERIFY2(revoked && *revoked == 2, "expected both sessions revoked");
        const auto rows = repository().findByIds(ids);
        QVERIFY(rows && rows->size() == 2);
        for (const AuthToken &token : *rows)
            QVERIFY2(token.isRevoked(), "expected every session of the user revoked");
    }

    void touchWritesLastUseForABatch()
    {
        QList<qint64> ids;
        for (int i = 0; i < 3; ++i) {
            const auto token = repository().insertApi(
                BearerToken::digest(BearerToken::generate(BearerToken::kApiPrefix)),
                QStringLiteral("kiosk %1").arg(i), StaffRole::Clerk, QStringLiteral("test"), {});
            QVERIFY(token);
            QVERIFY2(!token->lastUsedAt.isValid() && !token->expiresAt.isValid(),
                     "a new token has no last use and no expiry");
            ids << token->id;
        }
        const auto touched = repository().touch(ids.mid(0, 2));
        QVERIFY2(touched && *touched == 2, "expected two rows touched");
        const auto rows = repository().findByIds(ids);
        QVERIFY(rows && rows->size() == 3);
        for (const AuthToken &token : *rows)
            QCOMPARE(token.lastUsedAt.isValid(), token.id != ids.at(2));
    }
};

QTEST_GUILESS_MAIN(TestTokenRepository)
#include "tst_tokenrepository.moc"
