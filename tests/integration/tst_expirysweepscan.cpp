// The expiry sweep reads the holds that are due, not every pending hold
// (migration 016). Before it, `expires_at <= clock_timestamp()` could not bound
// the index scan (the function is volatile), so each sweep fetched every
// pending booking from the heap and filtered it: a flash sale's hour-long
// holds made every sweep slower, and the expiry lag grew with them. The proof
// counts what the sweep fetched, in its own transaction, rather than timing it.
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

class TestExpirySweepScan : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    static constexpr int kNotDue = 50000;

    bool exec(QSqlQuery &query, const QString &sql)
    {
        if (query.exec(sql))
            return true;
        qWarning().noquote() << sql << ":" << query.lastError().text();
        return false;
    }

    // Holds on one new show, due `dueIn` from now (negative: already due).
    bool insertHolds(int count, const QString &dueIn)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        return exec(query,
                    QStringLiteral(
                        "WITH s AS (INSERT INTO shows (name, start_time, total_seats, "
                        "reserved_seats) VALUES ('Scan', '2030-01-01', %1, %1) RETURNING id) "
                        "INSERT INTO bookings (show_id, user_name, seats, status, reference, "
                        "expires_at) SELECT s.id, 'scan', 1, 'PENDING', "
                        "'SCAN-' || s.id || '-' || g, clock_timestamp() + interval '%2' "
                        "FROM s, generate_series(1, %1) g")
                        .arg(count)
                        .arg(dueIn)) &&
               // PostgreSQL 15 keeps a backend's counts pending up to a second
               // and shows them as this transaction's: the key checks of the
               // new booking lines (migration 021) would count as the sweep's.
               exec(query, QStringLiteral("SELECT pg_stat_force_next_flush()")) &&
               exec(query, QStringLiteral("ANALYZE bookings"));
    }

    struct Sweep
    {
        qint64 released = -1;
        qint64 heapFetches = -1; // bookings rows read through an index
    };

    // One sweep, and what it fetched, read inside its own transaction before
    // the statistics are flushed anywhere.
    Sweep sweepOnce()
    {
        QSqlDatabase db = TestDatabase::open(m_databaseUrl);
        QSqlQuery query(db);
        Sweep sweep;
        if (!db.transaction())
            return sweep;
        if (exec(query, QStringLiteral("SELECT coalesce(sum(holds), 0) FROM "
                                       "expire_due_holds_by_lag(20000)")) &&
            query.next())
            sweep.released = query.value(0).toLongLong();
        if (exec(query, QStringLiteral("SELECT idx_tup_fetch FROM pg_stat_xact_user_tables "
                                       "WHERE relname = 'bookings'")) &&
            query.next())
            sweep.heapFetches = query.value(0).toLongLong();
        query.finish();
        db.commit();
        return sweep;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString failed = TestDatabase::startMigrated(m_databaseUrl);
        QVERIFY2(failed.isEmpty(), qPrintable(failed));
        QVERIFY(insertHolds(kNotDue, QStringLiteral("1 hour")));
    }

    void sweepWithNothingDueReadsNothing()
    {
        const Sweep sweep = sweepOnce();
        QCOMPARE(sweep.released, 0);
        // Before 016: 50 000, every pending hold.
        QVERIFY2(sweep.heapFetches >= 0 && sweep.heapFetches < 10,
                 qPrintable(QStringLiteral("fetched %1 bookings").arg(sweep.heapFetches)));
    }

    void sweepReadsOnlyTheDueHolds()
    {
        QVERIFY(insertHolds(300, QStringLiteral("-1 second")));
        const Sweep sweep = sweepOnce();
        QCOMPARE(sweep.released, 300);
        // Each due hold is read to lock it and again to release it by id;
        // from migration 021 on, once more to lock it: the foreign key of its
        // booking line left a key-share lock on the row, which FOR UPDATE
        // reads past. Still only the due holds, never the 50 000 others.
        QVERIFY2(sweep.heapFetches >= 300 && sweep.heapFetches <= 3 * 300 + 10,
                 qPrintable(QStringLiteral("fetched %1 bookings").arg(sweep.heapFetches)));
        QCOMPARE(TestDatabase::integer(m_databaseUrl,
                                       QStringLiteral("SELECT count(*) FROM bookings WHERE "
                                                      "status = 'PENDING'")),
                 qint64(kNotDue));
        QCOMPARE(invariantViolations(TestDatabase::open(m_databaseUrl)), QStringList());
    }
};

QTEST_GUILESS_MAIN(TestExpirySweepScan)
#include "tst_expirysweepscan.moc"
