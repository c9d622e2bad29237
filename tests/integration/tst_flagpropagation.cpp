// Two servers on one database (issue 12): a flag changed through A, or by SQL
// behind both, is obeyed by B within 1 s; after the LISTEN connections are
// killed, a later change still reaches B once its hub has reconnected.
#include "flagapi.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QtTest>

#include <memory>

class TestFlagPropagation : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    ServerProcess m_serverA;
    ServerProcess m_serverB;
    std::unique_ptr<TestHttpClient> m_httpA;
    std::unique_ptr<TestHttpClient> m_httpB;
    std::unique_ptr<FlagApi> m_flagsA;
    std::unique_ptr<FlagApi> m_flagsB;
    qint64 m_show = 0;

    static int bookStatus(TestHttpClient &http, qint64 show)
    {
        return http
            .post(QStringLiteral("/shows/%1/book").arg(show),
                  {{QStringLiteral("user_name"), QStringLiteral("Propagation")},
                   {QStringLiteral("seats"), 1}})
            .status;
    }

    static qint64 holdSeconds(TestHttpClient &http, qint64 show)
    {
        const QJsonObject booking = http.post(QStringLiteral("/shows/%1/book").arg(show),
                                              {{QStringLiteral("user_name"), QStringLiteral("Len")},
                                               {QStringLiteral("seats"), 1}})
                                        .object();
        const QDateTime created =
            QDateTime::fromString(booking.value("created_at").toString(), Qt::ISODateWithMs);
        const QDateTime expires =
            QDateTime::fromString(booking.value("expires_at").toString(), Qt::ISODateWithMs);
        return created.isValid() ? qRound64(created.msecsTo(expires) / 1000.0) : -1;
    }

    bool paused(FlagApi &flags) { return flags.config().object().value("sales_paused").toBool(); }

    // What B shows now, for a failure message.
    QString stateOfB()
    {
        return QStringLiteral("B's /config: %1").arg(QString::fromUtf8(m_flagsB->config().body));
    }

    bool sql(const QString &statement)
    {
        QSqlQuery query(TestDatabase::open(m_databaseUrl));
        if (query.exec(statement))
            return true;
        qWarning() << statement << "failed:" << query.lastError().text();
        return false;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        for (ServerProcess *server : {&m_serverA, &m_serverB}) {
            server->setDatabaseUrl(m_databaseUrl);
            server->setArguments({QStringLiteral("--hold-seconds"), QStringLiteral("600")});
        }
        // A first: it creates the schema; B then starts on it.
        QVERIFY2(m_serverA.start(), qPrintable(m_serverA.errorString()));
        QVERIFY2(m_serverB.start(), qPrintable(m_serverB.errorString()));
        m_httpA = std::make_unique<TestHttpClient>(m_serverA.baseUrl(), m_serverA.adminToken());
        m_httpB = std::make_unique<TestHttpClient>(m_serverB.baseUrl(), m_serverB.adminToken());
        m_flagsA = std::make_unique<FlagApi>(*m_httpA);
        m_flagsB = std::make_unique<FlagApi>(*m_httpB);
        m_show = m_httpA->createShow(QStringLiteral("Propagation"), 2000);
        QVERIFY(m_show > 0);
    }

    void cleanupTestCase()
    {
        const QStringList violations = invariantViolations(TestDatabase::open(m_databaseUrl));
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join('\n')));
        QVERIFY2(m_serverB.stop(), qPrintable(m_serverB.errorString() + m_serverB.output()));
        QVERIFY2(m_serverA.stop(), qPrintable(m_serverA.errorString() + m_serverA.output()));
    }

    void pauseThroughAIsObeyedByBWithinOneSecond()
    {
        QCOMPARE(bookStatus(*m_httpB, m_show), 201);
        QVERIFY(m_flagsA->set(QStringLiteral("sales.paused"), "true"));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY2_WITH_TIMEOUT(paused(*m_flagsB) && bookStatus(*m_httpB, m_show) == 503,
                                  qPrintable(stateOfB()), 1000);
        qInfo("B obeyed the pause after %lld ms", clock.elapsed());

        QVERIFY(m_flagsA->set(QStringLiteral("sales.paused"), "false"));
        clock.restart();
        QTRY_VERIFY2_WITH_TIMEOUT(!paused(*m_flagsB) && bookStatus(*m_httpB, m_show) == 201,
                                  qPrintable(stateOfB()), 1000);
        qInfo("B obeyed the lifting after %lld ms", clock.elapsed());
    }

    void holdSecondsThroughAIsObeyedByBWithinOneSecond()
    {
        QCOMPARE(holdSeconds(*m_httpB, m_show), qint64(600));
        QVERIFY(m_flagsA->set(QStringLiteral("booking.hold_seconds"), "45"));
        QTRY_VERIFY2_WITH_TIMEOUT(m_flagsB->config().object().value("hold_seconds").toInt() == 45 &&
                                      holdSeconds(*m_httpB, m_show) == 45,
                                  qPrintable(stateOfB()), 1000);
        QVERIFY(m_flagsA->unset(QStringLiteral("booking.hold_seconds")));
        QTRY_VERIFY2_WITH_TIMEOUT(m_flagsB->config().object().value("hold_seconds").toInt() ==
                                          600 &&
                                      holdSeconds(*m_httpB, m_show) == 600,
                                  qPrintable(stateOfB()), 1000);
    }

    void aChangeMadeBySqlReachesBothServers()
    {
        const QString key = QStringLiteral("sales.paused.show.%1").arg(m_show);
        QVERIFY(sql(QStringLiteral("INSERT INTO feature_flags (key, value) VALUES ('%1', 'true')")
                        .arg(key)));
        QTRY_VERIFY2_WITH_TIMEOUT(bookStatus(*m_httpA, m_show) == 503 &&
                                      bookStatus(*m_httpB, m_show) == 503,
                                  qPrintable(stateOfB()), 1000);
        QCOMPARE(m_flagsB->config().object().value("paused_show_ids"),
                 QJsonValue(QJsonArray{m_show}));
        QVERIFY(sql(QStringLiteral("DELETE FROM feature_flags WHERE key = '%1'").arg(key)));
        QTRY_VERIFY2_WITH_TIMEOUT(bookStatus(*m_httpA, m_show) == 201 &&
                                      bookStatus(*m_httpB, m_show) == 201,
                                  qPrintable(stateOfB()), 1000);
    }

    void aChangeStillReachesBAfterTheListenConnectionsAreKilled()
    {
        const int killed = terminateListenConnections(m_databaseUrl);
        QVERIFY2(killed >= 2,
                 qPrintable(QStringLiteral("expected to kill both servers' LISTEN connections, "
                                           "killed %1")
                                .arg(killed)));

        // Made while B is deaf: B must re-read once it listens again.
        QVERIFY(m_flagsA->set(QStringLiteral("sales.paused"), "true"));
        QElapsedTimer clock;
        clock.start();
        QTRY_VERIFY2_WITH_TIMEOUT(paused(*m_flagsB) && bookStatus(*m_httpB, m_show) == 503,
                                  qPrintable(stateOfB()), 10000);
        qInfo("B saw the change made while deaf after %lld ms", clock.elapsed());

        // And a later one, by SQL, arrives through the new LISTEN.
        QVERIFY(sql(
            QStringLiteral("UPDATE feature_flags SET value = 'false' WHERE key = 'sales.paused'")));
        clock.restart();
        QTRY_VERIFY2_WITH_TIMEOUT(!paused(*m_flagsB) && bookStatus(*m_httpB, m_show) == 201,
                                  qPrintable(stateOfB()), 10000);
        qInfo("B saw the later change after %lld ms", clock.elapsed());
        QVERIFY2(m_serverA.isRunning() && m_serverB.isRunning(),
                 qPrintable(m_serverA.output() + m_serverB.output()));
    }
};

QTEST_GUILESS_MAIN(TestFlagPropagation)
#include "tst_flagpropagation.moc"
