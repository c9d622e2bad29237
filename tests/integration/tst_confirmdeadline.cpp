// confirm_booking at the very deadline, in SQL with no HTTP in between, so the
// race is microseconds wide: a confirm judged before expires_at must also be
// dated before it. Migration 002 read the clock twice (judge, then date), and
// this test then found confirmations stored at or after the deadline; 004
// reads it once. (Measured: with 002's function put back, 62 of 2 117 winning
// confirms were dated at or after expires_at; with 004's, none in 3 runs.)
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

class TestConfirmDeadline : public QObject
{
    Q_OBJECT

private:
    QString m_url;

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void cleanupTestCase()
    {
        const QStringList problems = invariantViolations(TestDatabase::open(m_url));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join('\n')));
    }

    void confirmJudgedBeforeTheDeadlineIsDatedBeforeIt()
    {
        QSqlQuery query(TestDatabase::open(m_url));
        // Holds whose deadline falls 0-400 microseconds after they are made,
        // confirmed at once: some confirms land just before the deadline,
        // most just after, so the window between judging and dating is hit.
        const QString race = QStringLiteral(R"(
DO $$
DECLARE
    v_show bigint;
    v_booking bigint;
BEGIN
    INSERT INTO shows (name, start_time, total_seats) VALUES ('deadline race', now(), 100000)
        RETURNING id INTO v_show;
    FOR i IN 1..3000 LOOP
        UPDATE shows SET reserved_seats = reserved_seats + 1 WHERE id = v_show;
        INSERT INTO bookings (show_id, user_name, seats, status, reference, expires_at)
            VALUES (v_show, 'Racer', 1, 'PENDING', 'RACE-' || v_show || '-' || i,
                    clock_timestamp() + random() * interval '400 microseconds')
            RETURNING id INTO v_booking;
        PERFORM confirm_booking(v_booking);
    END LOOP;
END $$)");
        QVERIFY2(query.exec(race), qPrintable(query.lastError().text()));
        QVERIFY(query.exec(QStringLiteral(
            "SELECT count(*) FILTER (WHERE status = 'CONFIRMED'),"
            "       count(*) FILTER (WHERE status = 'EXPIRED'),"
            "       count(*) FILTER (WHERE status = 'CONFIRMED' AND confirmed_at >= expires_at)"
            "  FROM bookings WHERE reference LIKE 'RACE-%'")));
        QVERIFY(query.next());
        const int confirmed = query.value(0).toInt();
        const int expired = query.value(1).toInt();
        const int datedLate = query.value(2).toInt();
        qInfo("%d confirmed, %d expired, %d confirmed but dated at or after the deadline",
              confirmed, expired, datedLate);
        QVERIFY2(confirmed > 0 && expired > 0,
                 qPrintable(QStringLiteral("the race was not reached: %1 confirmed, %2 expired")
                                .arg(confirmed)
                                .arg(expired)));
        QCOMPARE(datedLate, 0);
    }
};

QTEST_GUILESS_MAIN(TestConfirmDeadline)
#include "tst_confirmdeadline.moc"
