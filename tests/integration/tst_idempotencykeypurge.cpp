// Idempotency keys older than 24 h are purged on the janitor's own schedule,
// once at start and then every interval, even when no hold ever expires; the
// expiry sweep itself no longer touches them (migration 003).
#include "booking/idempotencykeyjanitor.h"
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

using namespace std::chrono_literals;

class TestIdempotencyKeyPurge : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;

    // A key stored as if its request came this many hours ago.
    bool insertKey(const QString &key, int hoursAgo)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (!query.exec(QStringLiteral("INSERT INTO idempotency_keys (key, request_hash)"
                                       " VALUES ('%1', 'hash')")
                            .arg(key)) ||
            !query.exec(QStringLiteral("UPDATE idempotency_keys SET created_at = now() - "
                                       "interval '%1 hours' WHERE key = '%2'")
                            .arg(hoursAgo)
                            .arg(key))) {
            qWarning() << "cannot store key" << key << ":" << query.lastError().text();
            return false;
        }
        return true;
    }

    QStringList storedKeys()
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QStringList keys;
        if (!query.exec(QStringLiteral("SELECT key FROM idempotency_keys ORDER BY key")))
            return {QStringLiteral("query failed: ") + query.lastError().text()};
        while (query.next())
            keys << query.value(0).toString();
        return keys;
    }

    int scalar(const QString &sql) { return int(TestDatabase::integer(m_databaseUrl, sql)); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        ServerProcess migrate; // applies the schema, then gets out of the way
        migrate.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(migrate.start(), qPrintable(migrate.errorString()));
        QVERIFY2(migrate.stop(), qPrintable(migrate.errorString()));
    }

    void sweepNoLongerPurgesKeys()
    {
        QVERIFY(insertKey(QStringLiteral("sweep-old"), 25));
        // Give the sweep a hold to expire: in 002 such a sweep purged old keys.
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        QVERIFY(query.exec(QStringLiteral("INSERT INTO shows (name, start_time, total_seats)"
                                          " VALUES ('Purge', now(), 5) RETURNING id")));
        QVERIFY(query.next());
        const QString show = query.value(0).toString();
        QVERIFY(query.exec(QStringLiteral("SELECT outcome FROM book_seats(%1, 'P', 1, 0, "
                                          "'PURGE001', NULL, NULL)")
                               .arg(show)));
        QCOMPARE(scalar(QStringLiteral("SELECT expire_due_holds(1000)")), 1);
        QCOMPARE(storedKeys(), QStringList{QStringLiteral("sweep-old")});
        QVERIFY(query.exec(QStringLiteral("DELETE FROM idempotency_keys")));
    }

    void janitorPurgesOldKeysWithNoHoldExpiring()
    {
        QVERIFY(insertKey(QStringLiteral("a-25h"), 25));
        QVERIFY(insertKey(QStringLiteral("b-23h"), 23));
        const int expiredBefore =
            scalar(QStringLiteral("SELECT count(*) FROM bookings WHERE status = 'EXPIRED'"));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM bookings WHERE status = 'PENDING'")),
                 0);

        // As in the server: on a thread of its own, with that thread's session.
        DatabaseSession::setThreadDefaults(DatabaseSettings::fromUrl(QUrl(m_databaseUrl)));
        QThread thread;
        auto *janitor = new IdempotencyKeyJanitor(300ms);
        janitor->moveToThread(&thread);
        QList<int> purged; // counted on this thread: the signal is queued here
        connect(janitor, &IdempotencyKeyJanitor::purged, this,
                [&purged](int count) { purged << count; });
        connect(&thread, &QThread::started, janitor, &IdempotencyKeyJanitor::start);
        connect(&thread, &QThread::finished, janitor, &QObject::deleteLater);
        thread.start();

        // Once at start...
        QTRY_VERIFY_WITH_TIMEOUT(!purged.isEmpty(), 10000);
        QCOMPARE(purged.first(), 1);
        QCOMPARE(storedKeys(), QStringList{QStringLiteral("b-23h")});

        // ...and then on its own schedule, with nothing else happening.
        QVERIFY(insertKey(QStringLiteral("c-25h"), 25));
        QTRY_VERIFY_WITH_TIMEOUT(purged.contains(1) && purged.lastIndexOf(1) > 0, 10000);
        QCOMPARE(storedKeys(), QStringList{QStringLiteral("b-23h")});
        QVERIFY2(
            purged.size() >= 2,
            qPrintable(QStringLiteral("expected repeated purges, seen %1").arg(purged.size())));

        thread.quit();
        QVERIFY(thread.wait(10000));
        QCOMPARE(scalar(QStringLiteral("SELECT count(*) FROM bookings WHERE status = 'EXPIRED'")),
                 expiredBefore);
    }
};

QTEST_GUILESS_MAIN(TestIdempotencyKeyPurge)
#include "tst_idempotencykeypurge.moc"
