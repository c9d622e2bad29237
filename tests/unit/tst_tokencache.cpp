// TokenCache (issue 13): what a lookup caches, how announcements keep a
// lookup that raced a revocation from caching a stale copy, and the verdicts
// CachingAuthenticator gives on cached rows.
#include "auth/cachingauthenticator.h"
#include "auth/tokencache.h"

#include <QtTest>

namespace {
AuthToken apiToken(qint64 id)
{
    AuthToken token;
    token.id = id;
    token.kind = AuthToken::Kind::Api;
    token.name = QStringLiteral("shop %1").arg(id);
    token.role = StaffRole::Shop;
    return token;
}

QString reasonOf(const Result<Principal> &verdict)
{
    return verdict ? QStringLiteral("accepted")
                   : verdict.error().details.value(QStringLiteral("reason")).toString();
}
} // namespace

class TestTokenCache : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aLookupIsCachedWhenNothingWasAnnounced()
    {
        TokenCache cache;
        QVERIFY(cache.insert("digest-1", apiToken(1), cache.generation()));
        const auto found = cache.find("digest-1");
        QVERIFY2(found.has_value(), "expected the token to be cached");
        QCOMPARE(found->token.id, qint64(1));
        QVERIFY2(!cache.find("digest-2").has_value(), "expected no entry for another digest");
    }

    void aLookupThatRacedAnAnnouncementIsNotCached()
    {
        TokenCache cache;
        const quint64 seen = cache.generation();
        // The announcement of a token not cached yet still counts.
        QVERIFY2(!cache.announce(7), "token 7 is not cached, so it needs no re-read");
        QVERIFY2(!cache.insert("digest-7", apiToken(7), seen),
                 "a lookup begun before an announcement must not be cached");
        QCOMPARE(cache.size(), qsizetype(0));
    }

    void aSuspendedCacheAnswersNothingUntilResumed()
    {
        TokenCache cache;
        QVERIFY(cache.insert("digest-1", apiToken(1), cache.generation()));
        cache.suspend();
        QVERIFY2(!cache.find("digest-1").has_value(),
                 "while announcements may be lost, a cached copy must not be trusted");
        QVERIFY2(!cache.insert("digest-2", apiToken(2), cache.generation()),
                 "while announcements may be lost, nothing is cached");
        // A lookup that read its row during the gap finishes after the resume.
        const quint64 readDuringTheGap = cache.generation();
        cache.resume();
        QVERIFY(cache.find("digest-1").has_value());
        QVERIFY2(!cache.insert("digest-3", apiToken(3), readDuringTheGap),
                 "a row read while announcements were lost must not be cached");
        QVERIFY(cache.insert("digest-3", apiToken(3), cache.generation()));
    }

    void anAnnouncedTokenIsUpdatedInPlace()
    {
        TokenCache cache;
        QVERIFY(cache.insert("digest-3", apiToken(3), cache.generation()));
        QVERIFY2(cache.announce(3), "a cached token must be re-read");
        AuthToken revoked = apiToken(3);
        revoked.revokedAt = QDateTime::currentDateTimeUtc();
        cache.update(revoked);
        QCOMPARE(reasonOf(CachingAuthenticator::judge(cache.find("digest-3")->token)),
                 QStringLiteral("revoked"));
        cache.evict(3);
        QVERIFY2(!cache.find("digest-3").has_value(), "expected the evicted token gone");
    }

    void markRevokedKeepsTheFirstTime()
    {
        TokenCache cache;
        QVERIFY(cache.insert("digest-4", apiToken(4), cache.generation()));
        const QDateTime first = QDateTime::currentDateTimeUtc().addSecs(-10);
        cache.markRevoked(4, first);
        cache.markRevoked(4, first.addSecs(5));
        QCOMPARE(cache.find("digest-4")->token.revokedAt, first);
    }

    void usesAreCollectedOnce()
    {
        TokenCache cache;
        QVERIFY(cache.insert("digest-5", apiToken(5), cache.generation()));
        QVERIFY(cache.insert("digest-6", apiToken(6), cache.generation()));
        QList<qint64> used = cache.takeUsed();
        std::sort(used.begin(), used.end());
        QCOMPARE(used, (QList<qint64>{5, 6}));
        QVERIFY2(cache.takeUsed().isEmpty(), "expected no uses after they were collected");
        cache.find("digest-6")->used->store(true);
        QCOMPARE(cache.takeUsed(), QList<qint64>{6});
    }

    void verdicts_data()
    {
        QTest::addColumn<int>("expiresInSeconds"); // 0 = never
        QTest::addColumn<bool>("revoked");
        QTest::addColumn<bool>("userDisabled");
        QTest::addColumn<QString>("expected");
        QTest::newRow("valid, no expiry") << 0 << false << false << "accepted";
        QTest::newRow("valid until later") << 60 << false << false << "accepted";
        QTest::newRow("expired") << -1 << false << false << "expired";
        QTest::newRow("revoked and expired") << -1 << true << false << "revoked";
        QTest::newRow("user disabled") << 60 << false << true << "revoked";
    }

    void verdicts()
    {
        QFETCH(int, expiresInSeconds);
        QFETCH(bool, revoked);
        QFETCH(bool, userDisabled);
        QFETCH(QString, expected);
        AuthToken token = apiToken(9);
        if (expiresInSeconds != 0)
            token.expiresAt = QDateTime::currentDateTimeUtc().addSecs(expiresInSeconds);
        if (revoked)
            token.revokedAt = QDateTime::currentDateTimeUtc();
        token.userDisabled = userDisabled;
        const Result<Principal> verdict = CachingAuthenticator::judge(token);
        QCOMPARE(reasonOf(verdict), expected);
        if (verdict) {
            QCOMPARE(verdict->kind, Principal::Kind::ApiToken);
            QCOMPARE(verdict->actor(), QStringLiteral("token:shop 9"));
            QVERIFY(verdict->hasRole(StaffRole::Shop));
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenCache)
#include "tst_tokencache.moc"
