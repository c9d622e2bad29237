// Lock order in the database functions: the expiry sweep and cancelling a
// show take booking rows before show rows, so neither can end up waiting on
// the other in a cycle (which PostgreSQL would only break after a second,
// rolling back a whole sweep batch).
#include "db/databasesettings.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QtConcurrent>
#include <QtTest>

class TestLockOrder : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;

    // Runs one statement on a connection of its own, on a pool thread.
    static QFuture<QString> runAlone(const QString &url, const QString &sql)
    {
        return QtConcurrent::run([url, sql] {
            const QString name =
                QStringLiteral("alone-%1").arg(quintptr(QThread::currentThreadId()));
            QString error;
            {
                const DatabaseSettings settings = DatabaseSettings::fromUrl(QUrl(url));
                QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name);
                db.setHostName(settings.host);
                db.setPort(settings.port);
                db.setUserName(settings.user);
                db.setPassword(settings.password);
                db.setDatabaseName(settings.database);
                if (!db.open())
                    error = db.lastError().text();
                QSqlQuery query(db);
                if (!query.exec(sql))
                    error = query.lastError().nativeErrorCode() + QLatin1Char(' ') +
                            query.lastError().text();
            }
            QSqlDatabase::removeDatabase(name);
            return error;
        });
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        ServerProcess
            migrate; // applies the schema; then gets out of the way so only this test sweeps
        migrate.setDatabaseUrl(m_databaseUrl);
        QVERIFY2(migrate.start(), qPrintable(migrate.errorString()));
        QVERIFY2(migrate.stop(), qPrintable(migrate.errorString()));
    }

    void sweepDoesNotWaitForAShowBeingCancelled()
    {
        QSqlDatabase db = TestDatabase::open(m_databaseUrl);
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("INSERT INTO shows (name, start_time, total_seats) "
                                          "VALUES ('Locks', now(), 10) RETURNING id")));
        QVERIFY(query.next());
        const QString show = query.value(0).toString();
        // Z: a live hold (lower id); X: a hold that is already due.
        QVERIFY(query.exec(
            QStringLiteral(
                "SELECT booking_id FROM book_seats(%1, 'Z', 2, 600, 'LOCKZZZZ', NULL, NULL)")
                .arg(show)));
        QVERIFY(query.next());
        const QString z = query.value(0).toString();
        QVERIFY(query.exec(
            QStringLiteral(
                "SELECT booking_id FROM book_seats(%1, 'X', 3, 0, 'LOCKXXXX', NULL, NULL)")
                .arg(show)));
        QVERIFY(query.next());

        // Someone (a confirm, say) holds Z while the show is being cancelled.
        QSqlDatabase holder = QSqlDatabase::cloneDatabase(db, QStringLiteral("holder"));
        QVERIFY(holder.open());
        QVERIFY(holder.transaction());
        QSqlQuery hold(holder);
        QVERIFY(
            hold.exec(QStringLiteral("SELECT 1 FROM bookings WHERE id = %1 FOR UPDATE").arg(z)));
        QFuture<QString> cancel =
            runAlone(m_databaseUrl, QStringLiteral("SELECT cancel_show(%1)").arg(show));
        const auto cancelIsWaiting = [&db] {
            QSqlQuery waiting(db);
            waiting.exec(QStringLiteral(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND query LIKE 'SELECT cancel_show%'"));
            return waiting.next() && waiting.value(0).toInt() == 1;
        };
        QTRY_VERIFY_WITH_TIMEOUT(cancelIsWaiting(), 10000); // cancel_show is inside, waiting for Z
        QFuture<QString> sweep =
            runAlone(m_databaseUrl, QStringLiteral("SELECT expire_due_holds(1000)"));

        // The sweep finishes while Z is still held (before the fix it waited on the show row).
        QTRY_VERIFY_WITH_TIMEOUT(sweep.isFinished(), 10000);
        QCOMPARE(sweep.result(), QString());
        QVERIFY2(!cancel.isFinished(), "cancel_show should still be waiting for Z");
        QVERIFY(holder.commit());
        QTRY_VERIFY_WITH_TIMEOUT(cancel.isFinished(), 10000);
        QCOMPARE(cancel.result(), QString()); // no deadlock, no error

        QVERIFY(query.exec(
            QStringLiteral("SELECT status, reserved_seats FROM shows WHERE id = %1").arg(show)));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toString(), QStringLiteral("CANCELLED"));
        QCOMPARE(query.value(1).toInt(), 0);
        QVERIFY(query.exec(
            QStringLiteral("SELECT reference, status FROM bookings WHERE show_id = %1 ORDER BY id")
                .arg(show)));
        QVERIFY(query.next());
        QCOMPARE(query.value(1).toString(), QStringLiteral("CANCELLED")); // Z
        QVERIFY(query.next());
        QCOMPARE(query.value(1).toString(), QStringLiteral("EXPIRED")); // X, swept first
        holder.close();
        holder = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("holder"));
        const QStringList violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
    }
};

QTEST_GUILESS_MAIN(TestLockOrder)
#include "tst_lockorder.moc"
