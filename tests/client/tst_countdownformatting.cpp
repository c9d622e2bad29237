// How a hold's remaining time reads at the counter: mm:ss rounded up, amber
// under 30 s, and exactly when the display next changes.
#include "countdown.h"

#include <QtTest>

class TestCountdownFormatting : public QObject
{
    Q_OBJECT

private slots:
    void formatsMinutesAndSecondsRoundedUp_data()
    {
        QTest::addColumn<qint64>("remainingMs");
        QTest::addColumn<QString>("expected");
        QTest::newRow("two minutes") << qint64(120000) << QStringLiteral("02:00");
        QTest::newRow("just under two minutes") << qint64(119001) << QStringLiteral("02:00");
        QTest::newRow("one minute 59") << qint64(119000) << QStringLiteral("01:59");
        QTest::newRow("last sliver shows a second") << qint64(1) << QStringLiteral("00:01");
        QTest::newRow("zero") << qint64(0) << QStringLiteral("00:00");
        QTest::newRow("negative") << qint64(-5000) << QStringLiteral("00:00");
        QTest::newRow("past an hour keeps counting minutes")
            << qint64(75 * 60000) << QStringLiteral("75:00");
    }
    void formatsMinutesAndSecondsRoundedUp()
    {
        QFETCH(qint64, remainingMs);
        QFETCH(QString, expected);
        QCOMPARE(Countdown::format(remainingMs), expected);
    }

    void turnsAmberUnderThirtySecondsAndExpiresAtZero_data()
    {
        QTest::addColumn<qint64>("remainingMs");
        QTest::addColumn<int>("urgency");
        QTest::newRow("plenty") << qint64(90000) << int(Countdown::Urgency::Normal);
        QTest::newRow("just over 30 s") << qint64(30001) << int(Countdown::Urgency::Normal);
        QTest::newRow("30 s") << qint64(30000) << int(Countdown::Urgency::Warning);
        QTest::newRow("1 ms") << qint64(1) << int(Countdown::Urgency::Warning);
        QTest::newRow("0") << qint64(0) << int(Countdown::Urgency::Expired);
        QTest::newRow("late") << qint64(-1) << int(Countdown::Urgency::Expired);
    }
    void turnsAmberUnderThirtySecondsAndExpiresAtZero()
    {
        QFETCH(qint64, remainingMs);
        QFETCH(int, urgency);
        QCOMPARE(int(Countdown::urgency(remainingMs)), urgency);
    }

    void nextChangeIsAtTheNextWholeSecond_data()
    {
        QTest::addColumn<qint64>("remainingMs");
        QTest::addColumn<qint64>("expected");
        QTest::newRow("mid second") << qint64(5300) << qint64(300);
        QTest::newRow("on a boundary") << qint64(5000) << qint64(1000);
        QTest::newRow("almost over") << qint64(1) << qint64(1);
        QTest::newRow("expired") << qint64(-10) << qint64(1000);
    }
    void nextChangeIsAtTheNextWholeSecond()
    {
        QFETCH(qint64, remainingMs);
        QFETCH(qint64, expected);
        QCOMPARE(Countdown::msUntilNextChange(remainingMs), expected);
        if (remainingMs > 0) {
            // Just after that moment the text must really read one second less.
            QCOMPARE(Countdown::secondsLeft(remainingMs - expected),
                     Countdown::secondsLeft(remainingMs) - 1);
        }
    }
};

QTEST_GUILESS_MAIN(TestCountdownFormatting)
#include "tst_countdownformatting.moc"
