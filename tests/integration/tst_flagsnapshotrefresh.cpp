// The live snapshot: a real NotificationHub and FlagSnapshotRefresher on
// threads of their own, as the server runs them. A change committed by
// another session shows within the product's second; a change made while the
// hub's connection was dead shows after the reconnect; a read that fails
// keeps the last state and is retried until it succeeds.
#include "db/databasesession.h"
#include "db/databasesettings.h"
#include "db/notificationhub.h"
#include "flags/flagsnapshot.h"
#include "flags/flagsnapshotrefresher.h"
#include "testdatabase.h"

#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

#include <memory>

class TestFlagSnapshotRefresh : public QObject
{
    Q_OBJECT

private:
    QString m_url;
    QThread m_hubThread;
    QThread m_refresherThread;
    NotificationHub *m_hub = nullptr;
    std::unique_ptr<FlagSnapshot> m_snapshot;
    int m_refreshes = 0;
    int m_failures = 0;
    int m_connectionsLost = 0;

    bool sql(const QString &statement)
    {
        QSqlQuery query(TestDatabase::open(m_url));
        if (query.exec(statement))
            return true;
        qWarning("SQL failed: %s: %s", qPrintable(statement), qPrintable(query.lastError().text()));
        return false;
    }
    // The flag's effective value in the snapshot; Undefined when absent.
    QJsonValue snapshotValue(const QString &key) const
    {
        const auto state = m_snapshot->current();
        const auto it = state->flags.constFind(key);
        return it == state->flags.constEnd() ? QJsonValue(QJsonValue::Undefined) : it->effective;
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString problem = TestDatabase::startMigrated(m_url);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        const DatabaseSettings settings = DatabaseSettings::fromUrl(QUrl(m_url));
        // The refresher reads with its thread's session, made from these.
        DatabaseSession::setThreadDefaults(settings);
        m_snapshot = std::make_unique<FlagSnapshot>(EnvironmentFlagOverrides(),
                                                    BookingService::Settings{120, 20});

        m_hub = new NotificationHub(settings);
        m_hub->moveToThread(&m_hubThread);
        connect(&m_hubThread, &QThread::started, m_hub, &NotificationHub::start);
        connect(&m_hubThread, &QThread::finished, m_hub, &QObject::deleteLater);
        connect(m_hub, &NotificationHub::connectionLost, this, [this] { ++m_connectionsLost; });
        m_hubThread.start();

        auto *refresher = new FlagSnapshotRefresher(*m_hub, *m_snapshot);
        refresher->moveToThread(&m_refresherThread);
        connect(&m_refresherThread, &QThread::started, refresher, &FlagSnapshotRefresher::start);
        connect(&m_refresherThread, &QThread::finished, refresher, &QObject::deleteLater);
        connect(refresher, &FlagSnapshotRefresher::refreshed, this, [this] { ++m_refreshes; });
        connect(refresher, &FlagSnapshotRefresher::refreshFailed, this, [this] { ++m_failures; });
        m_refresherThread.start();

        QTRY_VERIFY_WITH_TIMEOUT(m_hub->isListening(), 10000);
        // The first resynchronise after LISTEN makes the first read.
        QTRY_VERIFY_WITH_TIMEOUT(m_refreshes >= 1, 10000);
    }

    void cleanupTestCase()
    {
        m_refresherThread.quit();
        m_refresherThread.wait();
        m_hubThread.quit();
        m_hubThread.wait();
    }

    void aChangeCommittedElsewhereShowsWithinOneSecond()
    {
        QCOMPARE(snapshotValue(QStringLiteral("live.one")), QJsonValue(QJsonValue::Undefined));
        QCOMPARE(m_snapshot->bookingSettings().holdSeconds, 120);
        QElapsedTimer elapsed;
        elapsed.start();
        QVERIFY(sql(QStringLiteral("INSERT INTO feature_flags (key, value) VALUES "
                                   "('live.one', '\"on\"'), ('booking.hold_seconds', '45'), "
                                   "('sales.paused.show.7', 'true')")));
        QTRY_COMPARE_WITH_TIMEOUT(snapshotValue(QStringLiteral("live.one")),
                                  QJsonValue(QStringLiteral("on")), 1000);
        qInfo("seen after %lld ms", elapsed.elapsed());
        // The booking rules derived from the built-ins change with it.
        const BookingService::Settings booking = m_snapshot->bookingSettings();
        QCOMPARE(booking.holdSeconds, 45);
        QCOMPARE(booking.maxSeatsPerBooking, 20);
        QVERIFY(!booking.salesPaused);
        QCOMPARE(booking.pausedShowIds, QSet<qint64>{7});

        QVERIFY(
            sql(QStringLiteral("DELETE FROM feature_flags WHERE key = 'booking.hold_seconds'")));
        QTRY_COMPARE_WITH_TIMEOUT(m_snapshot->bookingSettings().holdSeconds, 120, 1000);
    }

    void aChangeMadeWhileTheHubWasDownShowsAfterTheReconnect()
    {
        const int lostBefore = m_connectionsLost;
        const int refreshesBefore = m_refreshes;
        // Every connection of the server's kind (the hub's LISTEN and the
        // refresher's); terminating waits until they are gone.
        QVERIFY(sql(QStringLiteral("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                                   "WHERE datname = current_database() "
                                   "AND application_name = 'boxoffice-server'")));
        QVERIFY(sql(QStringLiteral(
            "INSERT INTO feature_flags (key, value) VALUES ('live.gap', '{\"percent\": 10}')")));
        QTRY_COMPARE_WITH_TIMEOUT(snapshotValue(QStringLiteral("live.gap")).toObject(),
                                  (QJsonObject{{QStringLiteral("percent"), 10}}), 10000);
        // The counters move on queued signals from the other threads, which
        // may still be on their way when the snapshot already shows the change.
        QTRY_VERIFY2_WITH_TIMEOUT(m_connectionsLost > lostBefore,
                                  "the hub should have noticed its dead connection and reconnected",
                                  1000);
        QTRY_VERIFY_WITH_TIMEOUT(m_refreshes > refreshesBefore, 1000);
    }

    void aFailedReadKeepsTheLastStateAndIsRetried()
    {
        QVERIFY(sql(
            QStringLiteral("INSERT INTO feature_flags (key, value) VALUES ('live.kept', '1')")));
        QTRY_COMPARE_WITH_TIMEOUT(snapshotValue(QStringLiteral("live.kept")), QJsonValue(1), 1000);

        // The table is out of reach under its name; the change below still
        // fires the triggers (they follow the table), so its notification
        // comes, and the read it causes fails.
        const int failuresBefore = m_failures;
        QVERIFY(sql(QStringLiteral("ALTER TABLE feature_flags RENAME TO feature_flags_away")));
        QVERIFY(sql(QStringLiteral("UPDATE feature_flags_away SET value = '2' "
                                   "WHERE key = 'live.kept'")));
        QTRY_VERIFY_WITH_TIMEOUT(m_failures > failuresBefore, 5000);
        QCOMPARE(snapshotValue(QStringLiteral("live.kept")), QJsonValue(1));
        QCOMPARE(snapshotValue(QStringLiteral("live.one")), QJsonValue(QStringLiteral("on")));
        QCOMPARE(m_snapshot->bookingSettings().pausedShowIds, QSet<qint64>{7});

        // Back under its name, with no notification: only the retry can see the change.
        QVERIFY(sql(QStringLiteral("ALTER TABLE feature_flags_away RENAME TO feature_flags")));
        QTRY_COMPARE_WITH_TIMEOUT(snapshotValue(QStringLiteral("live.kept")), QJsonValue(2), 5000);
    }
};

QTEST_GUILESS_MAIN(TestFlagSnapshotRefresh)
#include "tst_flagsnapshotrefresh.moc"
