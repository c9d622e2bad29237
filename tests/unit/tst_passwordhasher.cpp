// PasswordHasher: Argon2id strings from libsodium, verification, and the
// dummy verification that makes unknown names cost the same time.
#include "auth/passwordhasher.h"

#include <QElapsedTimer>
#include <QtTest>

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(PasswordHasher::initialise(), "libsodium did not initialise"); }

    void hashIsAnArgon2idString()
    {
        const auto hash = PasswordHasher::hash(QStringLiteral("correct horse battery"));
        QVERIFY2(hash.has_value(), "hash() refused a plain password");
        QVERIFY2(hash->startsWith(QLatin1String("$argon2id$")),
                 qPrintable(QStringLiteral("expected $argon2id$..., saw %1").arg(*hash)));
        QVERIFY2(!hash->contains(QLatin1String("correct horse")),
                 "the hash contains the password in clear");
    }

    void rightPasswordVerifies()
    {
        const QString password = QStringLiteral("correct horse battery");
        const auto hash = PasswordHasher::hash(password);
        QVERIFY(hash.has_value());
        QVERIFY2(PasswordHasher::verify(*hash, password), "the password it was made from failed");
    }

    void wrongPasswordFails_data()
    {
        QTest::addColumn<QString>("attempt");
        QTest::newRow("other") << QStringLiteral("incorrect horse battery");
        QTest::newRow("case") << QStringLiteral("Correct horse battery");
        QTest::newRow("prefix") << QStringLiteral("correct horse batter");
        QTest::newRow("trailing space") << QStringLiteral("correct horse battery ");
        QTest::newRow("empty") << QString();
    }

    void wrongPasswordFails()
    {
        QFETCH(QString, attempt);
        const auto hash = PasswordHasher::hash(QStringLiteral("correct horse battery"));
        QVERIFY(hash.has_value());
        QVERIFY2(!PasswordHasher::verify(*hash, attempt),
                 qPrintable(QStringLiteral("'%1' verified against another password").arg(attempt)));
    }

    void nonAsciiPasswordsRoundTrip()
    {
        const QString password = QStringLiteral("pässwörd \U0001F3AD Ωμέγα");
        const auto hash = PasswordHasher::hash(password);
        QVERIFY(hash.has_value());
        QVERIFY2(PasswordHasher::verify(*hash, password), "a non-ASCII password did not verify");
        QVERIFY2(!PasswordHasher::verify(*hash, QStringLiteral("passwörd \U0001F3AD Ωμέγα")),
                 "a different non-ASCII password verified");
    }

    void twoHashesOfOnePasswordDiffer()
    {
        const QString password = QStringLiteral("same password twice");
        const auto first = PasswordHasher::hash(password);
        const auto second = PasswordHasher::hash(password);
        QVERIFY(first && second);
        QVERIFY2(*first != *second, "two hashes of one password are equal: no random salt?");
        QVERIFY(PasswordHasher::verify(*first, password));
        QVERIFY(PasswordHasher::verify(*second, password));
    }

    void malformedStoredHashNeverVerifies_data()
    {
        QTest::addColumn<QString>("stored");
        QTest::newRow("empty") << QString();
        QTest::newRow("text") << QStringLiteral("not a hash");
        QTest::newRow("truncated") << QStringLiteral("$argon2id$v=19$m=65536,t=2,p=1$");
        QTest::newRow("huge") << QString(4096, QLatin1Char('$'));
    }

    void malformedStoredHashNeverVerifies()
    {
        QFETCH(QString, stored);
        QVERIFY2(!PasswordHasher::verify(stored, QStringLiteral("anything at all")),
                 qPrintable(QStringLiteral("'%1' verified").arg(stored.left(40))));
    }

    void dummyVerificationFailsButCostsAVerification()
    {
        const QString password = QStringLiteral("whatever was typed");
        const auto hash = PasswordHasher::hash(password);
        QVERIFY(hash.has_value());
        PasswordHasher::verifyDummy(password); // the dummy hash is made on first use
        QElapsedTimer timer;
        timer.start();
        QVERIFY2(!PasswordHasher::verifyDummy(password), "verifyDummy() answered true");
        const qint64 dummyMs = timer.restart();
        QVERIFY(PasswordHasher::verify(*hash, password));
        const qint64 realMs = timer.elapsed();
        // The same work (one Argon2id verification), so never a tenth of it;
        // generous, for a loaded machine.
        QVERIFY2(dummyMs * 10 >= realMs,
                 qPrintable(QStringLiteral("dummy %1 ms vs real %2 ms").arg(dummyMs).arg(realMs)));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "tst_passwordhasher.moc"
