// Three server instances on one database behind a real nginx that runs
// packaging/nginx/boxoffice.conf, under booking load; one instance is
// SIGKILLed and another SIGTERMed in the middle. Afterwards (issue 14): no
// show is overbooked, every hold expired within 1 s of its deadline, every
// confirm answered 200 is confirmed, no request was answered twice and no
// booking made twice, and the survivor served through every phase.
#include "bookingdriver.h"
#include "nginxprocess.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <QSqlQuery>
#include <QtTest>

#include <array>
#include <csignal>

namespace {
using Action = BookingDriver::Action;
using Exchange = BookingDriver::Exchange;

// Holds expire while the load runs, in every phase, not only after it.
constexpr int kHoldSeconds = 4;
constexpr int kLoadMs = 9000;
constexpr int kKillAtMs = 3000; // phase 1 begins: instance 0 SIGKILLed
constexpr int kStopAtMs = 6000; // phase 2 begins: instance 1 SIGTERMed
constexpr int kPhases = 3;
// The example's server_name, which the instances allow (--allowed-hosts):
// a Host that nginx did not pass on would get 421.
const QByteArray kHost = "box.example.org";
// The clients connect from another loopback address than nginx's own, so the
// audit log shows whether the instances took the client address from nginx.
const QString kClientAddress = QStringLiteral("127.0.0.5");
// What a client claims in X-Forwarded-For; nginx, the edge, must drop it.
const QByteArray kForgedAddress = "203.0.113.77";

// What the driver learnt about one booking attempt (one Idempotency-Key).
struct KeyHistory
{
    QSet<qint64> createdIds; // ids of its 201 answers, replays included
    bool serverAnswered = false;
};

QString describe(const Exchange &e)
{
    return QStringLiteral("%1 (phase %2, attempt %3): %4 %5")
        .arg(QString::fromLatin1(e.requestId))
        .arg(e.phase)
        .arg(e.attempt)
        .arg(e.answered ? QString::number(e.status) : QStringLiteral("no answer"))
        .arg(QString::fromUtf8(e.body.left(200)));
}

QHash<qint64, QString> bookingStatuses(const QSqlDatabase &db)
{
    QHash<qint64, QString> statuses;
    QSqlQuery query(db);
    query.exec(QStringLiteral("SELECT id, status FROM bookings"));
    while (query.next())
        statuses.insert(query.value(0).toLongLong(), query.value(1).toString());
    return statuses;
}
} // namespace

class TestNginxCluster : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        if (NginxProcess::binaryPath().isEmpty())
            QSKIP("nginx is not installed (scripts/install-deps.sh installs Debian's nginx)");
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void killedAndStoppedInstancesLoseNothingBehindNginx()
    {
        m_databaseUrl = TestDatabase::instance().createDatabase();
        std::array<ServerProcess, 3> servers;
        const QByteArray adminToken = servers[0].adminToken();
        for (ServerProcess &server : servers) {
            server.setDatabaseUrl(m_databaseUrl);
            server.setAdminToken(adminToken);
            server.setArguments({QStringLiteral("--hold-seconds"), QString::number(kHoldSeconds),
                                 QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1"),
                                 QStringLiteral("--allowed-hosts"), QString::fromLatin1(kHost)});
            QVERIFY2(server.launch(), qPrintable(server.errorString()));
        }
        QList<quint16> ports;
        for (ServerProcess &server : servers) {
            QVERIFY2(server.waitUntilListening(), qPrintable(server.errorString()));
            ports << server.port();
        }

        QFile example(QStringLiteral(BOXOFFICE_NGINX_EXAMPLE));
        QVERIFY2(example.open(QIODevice::ReadOnly), qPrintable(example.fileName()));
        const QString site = QString::fromUtf8(example.readAll());
        // A POST resent after it reached a dying instance may be a booking
        // made twice: the example must never let nginx do that.
        static const QRegularExpression resendsPosts(QStringLiteral(R"(^[^#\n]*non_idempotent)"),
                                                     QRegularExpression::MultilineOption);
        QVERIFY2(!site.contains(resendsPosts), "boxoffice.conf lets nginx resend POSTs");
        NginxProcess nginx;
        nginx.setSite(site, ports);
        QVERIFY2(nginx.start(), qPrintable(nginx.errorString()));

        // A tiny show sells out (409s, and an invariant at its limit), big ones do not.
        TestHttpClient http(nginx.baseUrl(), adminToken);
        QList<qint64> shows;
        for (int seats : {12, 40, 100000, 100000}) {
            const auto reply = http.send(
                "POST", QStringLiteral("/admin/shows"),
                QJsonDocument(QJsonObject{{QStringLiteral("name"), QStringLiteral("Cluster")},
                                          {QStringLiteral("start_time"),
                                           QStringLiteral("2030-01-01T19:30:00Z")},
                                          {QStringLiteral("total_seats"), seats}})
                    .toJson(QJsonDocument::Compact),
                {{"Host", kHost},
                 {"Content-Type", "application/json"},
                 {"Authorization", http.adminHeader()}});
            QVERIFY2(reply.status == 201, qPrintable(reply.describe()));
            shows << reply.object().value(QStringLiteral("id")).toInteger();
        }

        BookingDriver::Settings settings;
        settings.target = nginx.baseUrl();
        settings.host = kHost;
        settings.sourceAddress = QHostAddress(kClientAddress);
        settings.forwardedFor = kForgedAddress;
        settings.showIds = shows;
        settings.tag = "nc";
        settings.clients = 8;
        settings.durationMs = kLoadMs;
        BookingDriver driver(settings);
        QTimer::singleShot(kKillAtMs, this, [&] {
            driver.markPhase();
            servers[0].kill();
        });
        QTimer::singleShot(kStopAtMs, this, [&] {
            driver.markPhase();
            ::kill(pid_t(servers[1].pid()), SIGTERM);
        });
        driver.run();

        QCOMPARE(driver.phase(), kPhases - 1);
        QVERIFY2(!servers[0].isRunning(), "the SIGKILLed instance should be gone");
        // With or without a graceful drain, the stopped instance exits by itself.
        QTRY_VERIFY2_WITH_TIMEOUT(!servers[1].isRunning(), "the SIGTERMed instance should exit",
                                  30000);
        QVERIFY2(servers[2].isRunning(), qPrintable(servers[2].output()));

        // Every hold's deadline, plus the 1 s it may take to expire it.
        QTRY_COMPARE_WITH_TIMEOUT(
            TestDatabase::integer(m_databaseUrl,
                                  QStringLiteral("SELECT count(*) FROM bookings WHERE expires_at"
                                                 " + interval '1 second' > clock_timestamp()")),
            qint64(0), 30000);

        QSqlDatabase db = TestDatabase::open(m_databaseUrl);
        report(db, driver, nginx);
        const QList<Exchange> &exchanges = driver.exchanges();
        QCOMPARE(driver.unexpectedAnswers(), 0);
        // nginx found every answer of the servers well-formed ("upstream sent
        // invalid header", "... more data than specified in Content-Length").
        QVERIFY2(!nginx.errorLog().contains(QLatin1String("upstream sent")),
                 qPrintable(nginx.errorLog().right(3000)));
        checkAnswers(exchanges);
        if (QTest::currentTestFailed())
            return;
        checkEveryPhaseServed(driver.tally());
        if (QTest::currentTestFailed())
            return;
        const QStringList violations = invariantViolations(db);
        QVERIFY2(violations.isEmpty(), qPrintable(violations.join(QLatin1Char('\n'))));
        checkSettledBookings(db, exchanges);
        if (QTest::currentTestFailed())
            return;
        checkExpiry(db);
        if (QTest::currentTestFailed())
            return;
        checkOneBookingPerKey(db, exchanges);
        if (QTest::currentTestFailed())
            return;
        checkAuditedThroughProxy(db, exchanges);
        if (QTest::currentTestFailed())
            return;

        // The survivor still serves through nginx, the dead ones out of its way.
        const auto show =
            http.send("GET", QStringLiteral("/shows/%1").arg(shows.first()), {}, {{"Host", kHost}});
        QVERIFY2(show.status == 200, qPrintable(show.describe()));
    }

private:
    // Every answer is one this traffic may get, carries the id of its own
    // request (so no answer went to the wrong request), and came once.
    void checkAnswers(const QList<Exchange> &exchanges)
    {
        static const QSet<int> expected = {200, 201, 409, 502, 503, 504};
        for (const Exchange &e : exchanges) {
            if (!e.answered)
                continue;
            QVERIFY2(expected.contains(e.status), qPrintable(describe(e)));
            QVERIFY2(e.answeredRequestId == e.requestId,
                     qPrintable(QStringLiteral("answered with X-Request-Id %1: %2")
                                    .arg(QString::fromLatin1(e.answeredRequestId), describe(e))));
        }
    }

    // Bookings succeeded with three instances, after the kill (two), and
    // after the SIGTERM (the survivor alone): nginx took the dead ones out.
    void checkEveryPhaseServed(const BookingDriver::Tally &tally)
    {
        QCOMPARE(tally.createdPerPhase.size(), kPhases);
        for (int phase = 0; phase < kPhases; ++phase)
            QVERIFY2(tally.createdPerPhase.at(phase) > 0,
                     qPrintable(QStringLiteral("no booking succeeded in phase %1").arg(phase)));
    }

    // Every confirm answered 200 is CONFIRMED; every cancel answered 200 is CANCELLED.
    void checkSettledBookings(const QSqlDatabase &db, const QList<Exchange> &exchanges)
    {
        const QHash<qint64, QString> statuses = bookingStatuses(db);
        for (const Exchange &e : exchanges) {
            if (e.action == Action::Book || e.status != 200)
                continue;
            const QString expected = e.action == Action::Confirm ? QStringLiteral("CONFIRMED")
                                                                 : QStringLiteral("CANCELLED");
            QVERIFY2(statuses.value(e.bookingId) == expected,
                     qPrintable(QStringLiteral("booking %1 is %2 after %3")
                                    .arg(e.bookingId)
                                    .arg(statuses.value(e.bookingId), describe(e))));
        }
    }

    // Past every deadline nothing is PENDING any more, and each expired hold
    // was released (updated_at, set by the release) within 1 s of its deadline.
    void checkExpiry(const QSqlDatabase &db)
    {
        QCOMPARE(TestDatabase::integer(
                     m_databaseUrl,
                     QStringLiteral("SELECT count(*) FROM bookings WHERE status = 'PENDING'")),
                 qint64(0));
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral(
            "SELECT id, extract(epoch FROM updated_at - expires_at) FROM bookings"
            " WHERE status = 'EXPIRED' AND updated_at - expires_at NOT BETWEEN interval '0'"
            " AND interval '1 second'")));
        if (query.next())
            QFAIL(qPrintable(QStringLiteral("booking %1 was expired %2 s after its deadline")
                                 .arg(query.value(0).toString(), query.value(1).toString())));
    }

    // No booking attempt (Idempotency-Key, also the user_name) made two
    // bookings, however often it was retried and wherever it landed: every
    // 201 names the one booking of its key, and a booking whose key never got
    // a 201 is one whose every attempt went unanswered (it committed as its
    // instance died or its answer was lost).
    void checkOneBookingPerKey(const QSqlDatabase &db, const QList<Exchange> &exchanges)
    {
        QHash<QByteArray, KeyHistory> keys;
        for (const Exchange &e : exchanges) {
            if (e.action != Action::Book)
                continue;
            KeyHistory &history = keys[e.key];
            history.serverAnswered = history.serverAnswered || e.fromServer();
            if (e.status == 201)
                history.createdIds.insert(e.bookingId);
        }
        QHash<QByteArray, QList<qint64>> bookingsByKey;
        QSqlQuery query(db);
        QVERIFY(query.exec(QStringLiteral("SELECT user_name, id FROM bookings")));
        while (query.next())
            bookingsByKey[query.value(0).toString().toLatin1()] << query.value(1).toLongLong();

        int committedUnanswered = 0;
        for (auto it = bookingsByKey.cbegin(); it != bookingsByKey.cend(); ++it) {
            const QString key = QString::fromLatin1(it.key());
            QVERIFY2(
                it.value().size() == 1,
                qPrintable(
                    QStringLiteral("key %1 made %2 bookings").arg(key).arg(it.value().size())));
            QVERIFY2(keys.contains(it.key()),
                     qPrintable(QStringLiteral("unknown key %1").arg(key)));
            const KeyHistory &history = keys[it.key()];
            if (history.createdIds.isEmpty()) {
                QVERIFY2(
                    !history.serverAnswered,
                    qPrintable(QStringLiteral("booking %1 of key %2 exists, but no 201 said so")
                                   .arg(it.value().first())
                                   .arg(key)));
                ++committedUnanswered;
            }
        }
        int created = 0;
        for (auto it = keys.cbegin(); it != keys.cend(); ++it) {
            if (it.value().createdIds.isEmpty())
                continue;
            ++created;
            const QList<qint64> stored = bookingsByKey.value(it.key());
            QVERIFY2(stored.size() == 1 && it.value().createdIds == QSet<qint64>{stored.first()},
                     qPrintable(QStringLiteral("key %1: answered ids %2, stored %3")
                                    .arg(QString::fromLatin1(it.key()))
                                    .arg(it.value().createdIds.size())
                                    .arg(stored.size())));
        }
        QCOMPARE(qsizetype(created + committedUnanswered), bookingsByKey.size());
        QVERIFY(bookingsByKey.size() <= keys.size());
        qInfo("keys: %lld sent, %d answered 201, %d committed without an answer",
              qlonglong(keys.size()), created, committedUnanswered);
    }

    // nginx passed on the client's request id and its address (not the one
    // the client made up): the audit row of every confirm or cancel names
    // one of the driver's request ids for that booking, and the clients'
    // own address.
    void checkAuditedThroughProxy(const QSqlDatabase &db, const QList<Exchange> &exchanges)
    {
        QHash<QString, QSet<QString>> requestIds; // "action:booking id" -> request ids sent
        int settled = 0;
        for (const Exchange &e : exchanges) {
            if (e.action == Action::Book)
                continue;
            const QString action = e.action == Action::Confirm ? QStringLiteral("booking.confirm")
                                                               : QStringLiteral("booking.cancel");
            requestIds[action + QLatin1Char(':') + QString::number(e.bookingId)].insert(
                QString::fromLatin1(e.requestId));
            settled += e.status == 200 ? 1 : 0;
        }
        QSqlQuery query(db);
        QVERIFY(query.exec(
            QStringLiteral("SELECT action, target_id, request_id, client_address FROM audit_log"
                           " WHERE action IN ('booking.confirm', 'booking.cancel')")));
        int rows = 0;
        while (query.next()) {
            ++rows;
            const QString what =
                query.value(0).toString() + QLatin1Char(':') + query.value(1).toString();
            QVERIFY2(requestIds.value(what).contains(query.value(2).toString()),
                     qPrintable(QStringLiteral("%1 audited with request id %2")
                                    .arg(what, query.value(2).toString())));
            QVERIFY2(query.value(3).toString() == kClientAddress,
                     qPrintable(QStringLiteral("%1 audited from %2, expected %3")
                                    .arg(what, query.value(3).toString(), kClientAddress)));
        }
        QVERIFY2(rows > 0 && settled > 0, "some confirms and cancels should have been audited");
    }

    // The figures the documentation quotes.
    void report(const QSqlDatabase &db, const BookingDriver &driver, const NginxProcess &nginx)
    {
        const BookingDriver::Tally tally = driver.tally();
        const QMap<int, int> &statuses = tally.statuses;
        qInfo("requests %lld: 201 %d (replayed %d), 200 %d, 409 %d, 502 %d, 503 %d, 504 %d,"
              " no answer %d",
              qlonglong(driver.exchanges().size()), statuses.value(201), tally.replayed,
              statuses.value(200), statuses.value(409), statuses.value(502), statuses.value(503),
              statuses.value(504), tally.unanswered);
        qInfo("bookings per phase (3, 2, 1 instances): %d, %d, %d; confirmed %d, cancelled %d",
              tally.createdPerPhase.value(0), tally.createdPerPhase.value(1),
              tally.createdPerPhase.value(2), tally.confirmed, tally.cancelled);
        QSqlQuery query(db);
        query.exec(QStringLiteral(
            "SELECT count(*) FILTER (WHERE status = 'CONFIRMED'),"
            " count(*) FILTER (WHERE status = 'CANCELLED'),"
            " count(*) FILTER (WHERE status = 'EXPIRED'), coalesce(max(extract(epoch FROM"
            " updated_at - expires_at)) FILTER (WHERE status = 'EXPIRED'), 0) FROM bookings"));
        if (query.next())
            qInfo("database: CONFIRMED %d, CANCELLED %d, EXPIRED %d (latest %.3f s after its"
                  " deadline)",
                  query.value(0).toInt(), query.value(1).toInt(), query.value(2).toInt(),
                  query.value(3).toDouble());
        qInfo("nginx: %lld requests logged, %d passed to a second instance, %lld errors logged",
              qlonglong(nginx.accessLog().count(QLatin1Char('\n'))), nginx.passedOnRequests(),
              qlonglong(nginx.errorLog().count(QLatin1String("[error]"))));
    }

    QString m_databaseUrl;
};

QTEST_GUILESS_MAIN(TestNginxCluster)
#include "tst_nginxcluster.moc"
