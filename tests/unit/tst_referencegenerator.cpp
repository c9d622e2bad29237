// Booking references: 8 characters that survive being read over the phone.
#include "booking/referencegenerator.h"

#include <QSet>
#include <QtTest>

class TestReferenceGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void referencesAreEightCharactersWithoutLookAlikes()
    {
        static const QString lookAlikes = QStringLiteral("0O1IL");
        for (int i = 0; i < 2000; ++i) {
            const QString reference = ReferenceGenerator::next();
            QVERIFY2(reference.size() == 8,
                     qPrintable(QStringLiteral("expected 8 characters, seen '%1'").arg(reference)));
            for (const QChar c : reference) {
                QVERIFY2((c >= u'A' && c <= u'Z') || (c >= u'2' && c <= u'9'),
                         qPrintable(QStringLiteral("'%1' has '%2'").arg(reference, c)));
                QVERIFY2(!lookAlikes.contains(c),
                         qPrintable(QStringLiteral("'%1' has look-alike '%2'").arg(reference, c)));
            }
            QVERIFY2(ReferenceGenerator::looksValid(reference), qPrintable(reference));
        }
    }

    void referencesDoNotRepeat()
    {
        QSet<QString> seen;
        for (int i = 0; i < 20000; ++i) {
            const QString reference = ReferenceGenerator::next();
            QVERIFY2(!seen.contains(reference),
                     qPrintable(QStringLiteral("'%1' repeated after %2").arg(reference).arg(i)));
            seen.insert(reference);
        }
    }

    void everyAlphabetCharacterIsUsed()
    {
        // 31 symbols, 8000 draws: a missing symbol means a broken alphabet, not bad luck.
        QSet<QChar> used;
        for (int i = 0; i < 1000; ++i) {
            for (const QChar c : ReferenceGenerator::next())
                used.insert(c);
        }
        QCOMPARE(used.size(), 31);
    }

    void looksValidRejectsMalformedReferences_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::newRow("empty") << "";
        QTest::newRow("seven characters") << "ABCDEFG";
        QTest::newRow("nine characters") << "ABCDEFGHJ";
        QTest::newRow("lower case") << "abcdefgh";
        QTest::newRow("zero") << "ABCDEFG0";
        QTest::newRow("letter O") << "ABCDEFGO";
        QTest::newRow("one") << "ABCDEFG1";
        QTest::newRow("letter I") << "ABCDEFGI";
        QTest::newRow("letter L") << "ABCDEFGL";
        QTest::newRow("punctuation") << "ABCD-EFG";
        QTest::newRow("non-ASCII") << QString::fromUtf8("ABCDEFGÄ");
    }

    void looksValidRejectsMalformedReferences()
    {
        QFETCH(QString, reference);
        QVERIFY2(!ReferenceGenerator::looksValid(reference), qPrintable(reference));
    }

    void looksValidAcceptsWellFormedReferences()
    {
        QVERIFY(ReferenceGenerator::looksValid(QStringLiteral("ABCDEFGH")));
        QVERIFY(ReferenceGenerator::looksValid(QStringLiteral("23456789")));
        QVERIFY(ReferenceGenerator::looksValid(QStringLiteral("XYZ2M9PQ")));
    }
};

QTEST_GUILESS_MAIN(TestReferenceGenerator)
#include "tst_referencegenerator.moc"
