// The notification hub: a NOTIFY reaches the subscribers of its channel (and
// only those), on the subscriber's thread; when the hub's backend is killed
// the hub notices by itself, reconnects, tells every subscriber to re-read its
// state, and later notifications arrive again.
#include "db/databasesettings.h"
#include "db/notificationhub.h"
#include "testdatabase.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QtTest>

// What one subscriber was told, recorded on its own (the test's) thread.
class Subscriber : public QObject
{
public:
    QStringList payloads;
    int resynchronisations = 0;
    bool onWrongThread = false;

    void subscribeTo(NotificationHub &hub, const QString &channel)
    {
        hub.subscribe(
            channel, this,
            [this](const QString &payload) {
                onWrongThread |= QThread::currentThread() != thread();
                payloads << payload;
            },
            [this] {
                onWrongThread |= QThread::currentThread() != thread();
                ++resynchronisations;
            });
    }
};

class TestNotificationHub : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    QThread m_hubThread;
    NotificationHub *m_hub = nullptr;

    bool notify(const QString &channel, const QString &payload)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (query.exec(QStringLiteral("SELECT pg_notify('%1', '%2')").arg(channel, payload)))
            return true;
        qWarning() << "NOTIFY failed:" << query.lastError().text();
        return false;
    }

    // The hub's backends (the only server-side sessions in this test's database),
    // counted or terminated; terminating waits until they are gone.
    int hubBackends(bool terminate)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        const QString what = terminate ? QStringLiteral("count(pg_terminate_backend(pid, 5000))")
                                       : QStringLiteral("count(*)");
        if (!query.exec(QStringLiteral("SELECT %1 FROM pg_stat_activity WHERE datname = "
                                       "current_database() AND application_name = "
                                       "'boxoffice-server'")
                            .arg(what)) ||
            !query.next())
            return -1;
        return query.value(0).toInt();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        m_hub = new NotificationHub(DatabaseSettings::fromUrl(QUrl(m_databaseUrl)));
        m_hub->moveToThread(&m_hubThread);
        connect(&m_hubThread, &QThread::started, m_hub, &NotificationHub::start);
        connect(&m_hubThread, &QThread::finished, m_hub, &QObject::deleteLater);
        m_hubThread.start();
        QTRY_VERIFY_WITH_TIMEOUT(m_hub->isListening(), 10000);
    }

    void cleanupTestCase()
    {
        m_hubThread.quit();
        m_hubThread.wait();
    }

    void notifyReachesSubscriberOnItsThread()
    {
        Subscriber subscriber;
        subscriber.subscribeTo(*m_hub, QStringLiteral("hub_first"));
        // A subscriber of a running hub gets its first resynchronise once LISTEN is in place.
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.resynchronisations, 1, 5000);
        QVERIFY(notify(QStringLiteral("hub_first"), QStringLiteral("hello")));
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.payloads, QStringList{QStringLiteral("hello")}, 5000);
        QVERIFY2(!subscriber.onWrongThread,
                 "callbacks should run on the subscriber's thread, not the hub's");
    }

    void twoChannelsTwoSubscribersEachGetTheirOwn()
    {
        Subscriber a, b;
        a.subscribeTo(*m_hub, QStringLiteral("hub_a"));
        b.subscribeTo(*m_hub, QStringLiteral("hub_b"));
        QTRY_VERIFY_WITH_TIMEOUT(a.resynchronisations == 1 && b.resynchronisations == 1, 5000);
        QVERIFY(notify(QStringLiteral("hub_a"), QStringLiteral("for-a")));
        QVERIFY(notify(QStringLiteral("hub_b"), QStringLiteral("for-b")));
        QVERIFY(notify(QStringLiteral("hub_a"), QStringLiteral("for-a-again")));
        QTRY_COMPARE_WITH_TIMEOUT(a.payloads.size(), 2, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(b.payloads.size(), 1, 5000);
        QCOMPARE(a.payloads, (QStringList{QStringLiteral("for-a"), QStringLiteral("for-a-again")}));
        QCOMPARE(b.payloads, QStringList{QStringLiteral("for-b")});
        // Subscribing b to another channel does not resynchronise a.
        QCOMPARE(a.resynchronisations, 1);
    }

    void reconnectsByItselfAfterItsBackendIsTerminated()
    {
        Subscriber a, b;
        a.subscribeTo(*m_hub, QStringLiteral("hub_gap_a"));
        b.subscribeTo(*m_hub, QStringLiteral("hub_gap_b"));
        QTRY_VERIFY_WITH_TIMEOUT(a.resynchronisations == 1 && b.resynchronisations == 1, 5000);
        int lost = 0; // counted on this thread, as the hub's signal is queued here
        connect(m_hub, &NotificationHub::connectionLost, &a, [&lost] { ++lost; });

        QCOMPARE(hubBackends(false), 1);
        QCOMPARE(hubBackends(true), 1);
        // Lost while the hub was away, so the subscribers must be told to re-read.
        QVERIFY(notify(QStringLiteral("hub_gap_a"), QStringLiteral("lost")));

        // The ping every 2 s notices; reconnecting follows with no help from outside.
        QTRY_VERIFY_WITH_TIMEOUT(lost == 1, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(a.resynchronisations == 2 && b.resynchronisations == 2, 10000);
        QVERIFY(m_hub->isListening());
        QCOMPARE(hubBackends(false), 1);
        QVERIFY2(a.payloads.isEmpty(),
                 qPrintable(QStringLiteral("expected nothing from the gap, got %1")
                                .arg(a.payloads.join(QLatin1Char(',')))));

        QVERIFY(notify(QStringLiteral("hub_gap_a"), QStringLiteral("after-a")));
        QVERIFY(notify(QStringLiteral("hub_gap_b"), QStringLiteral("after-b")));
        QTRY_COMPARE_WITH_TIMEOUT(a.payloads, QStringList{QStringLiteral("after-a")}, 5000);
        QTRY_COMPARE_WITH_TIMEOUT(b.payloads, QStringList{QStringLiteral("after-b")}, 5000);
        QVERIFY(!a.onWrongThread && !b.onWrongThread);
    }

    void comesBackAfterADatabaseRestart()
    {
        Subscriber subscriber;
        subscriber.subscribeTo(*m_hub, QStringLiteral("hub_restart"));
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.resynchronisations, 1, 5000);
        int lost = 0;
        connect(m_hub, &NotificationHub::connectionLost, &subscriber, [&lost] { ++lost; });

        QVERIFY2(TestDatabase::instance().stopServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(lost, 1, 10000);
        QVERIFY(!m_hub->isListening());
        // Down for several reconnect attempts, so the backoff is exercised.
        QTest::qWait(3000); // the outage itself, not waiting for a result
        QCOMPARE(subscriber.resynchronisations, 1);
        QVERIFY2(TestDatabase::instance().startServer(),
                 qPrintable(TestDatabase::instance().errorString()));
        TestDatabase::open(m_databaseUrl).close(); // this test's own connection died too

        QTRY_COMPARE_WITH_TIMEOUT(subscriber.resynchronisations, 2, 10000);
        QVERIFY(m_hub->isListening());
        QCOMPARE(lost, 1);
        QVERIFY(notify(QStringLiteral("hub_restart"), QStringLiteral("back")));
        QTRY_COMPARE_WITH_TIMEOUT(subscriber.payloads, QStringList{QStringLiteral("back")}, 5000);
    }

    void subscriberGoneIsNoLongerCalled()
    {
        Subscriber kept;
        kept.subscribeTo(*m_hub, QStringLiteral("hub_gone"));
        {
            Subscriber gone;
            gone.subscribeTo(*m_hub, QStringLiteral("hub_gone"));
            QTRY_VERIFY_WITH_TIMEOUT(gone.resynchronisations >= 1, 5000);
        }
        QVERIFY(notify(QStringLiteral("hub_gone"), QStringLiteral("x")));
        // Would crash (or be caught by ASan) if the destroyed subscriber were called.
        QTRY_COMPARE_WITH_TIMEOUT(kept.payloads, QStringList{QStringLiteral("x")}, 5000);
    }
};

QTEST_GUILESS_MAIN(TestNotificationHub)
#include "tst_notificationhub.moc"
