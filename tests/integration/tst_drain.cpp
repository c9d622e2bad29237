// SIGTERM drains the server instead of cutting it off: the port refuses at
// once, readiness turns 503, idle connections close, a booking in flight is
// still answered (with Connection: close), and only then do the workers and
// the database stop, with exit code 0. The drain is bounded by --drain-timeout
// and a second signal ends it early. A booking is held in flight by a row
// lock the test takes on its show, never by a sleep in the server.
#include "rawhttpconnection.h"
#include "serverprocess.h"
#include "showlock.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QDir>
#include <QElapsedTimer>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>

namespace {
bool refusesConnections(const ServerProcess &server)
{
    QTcpSocket socket;
    socket.connectToHost(server.baseUrl().host(), quint16(server.port()));
    return !socket.waitForConnected(2000) &&
           socket.error() == QAbstractSocket::ConnectionRefusedError;
}

QByteArray bookingRequest(qint64 showId, const QByteArray &token)
{
    const QByteArray body = R"({"user_name":"Drain","seats":1})";
    return "POST /shows/" + QByteArray::number(showId) +
           "/book HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token +
           "\r\nContent-Type: application/json\r\nContent-Length: " +
           QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Processes whose command line names the path: the embedded cluster's postmaster and backends.
QStringList processesNaming(const QString &path)
{
    QStringList found;
    const QStringList pids = QDir(QStringLiteral("/proc")).entryList(QDir::Dirs);
    for (const QString &pid : pids) {
        QFile cmdline(QStringLiteral("/proc/%1/cmdline").arg(pid));
        if (pid.toLongLong() > 0 && cmdline.open(QIODevice::ReadOnly) &&
            cmdline.readAll().contains(path.toLocal8Bit()))
            found << pid;
    }
    return found;
}
} // namespace

class TestDrain : public QObject
{
    Q_OBJECT

private:
    struct Setup
    {
        QString databaseUrl;
        qint64 showId = 0;
    };

    // A server on a fresh database with one show.
    static bool startWithShow(ServerProcess &server, Setup *setup, const QStringList &arguments)
    {
        setup->databaseUrl = TestDatabase::instance().createDatabase();
        server.setDatabaseUrl(setup->databaseUrl);
        server.setArguments(arguments);
        if (!server.start())
            return false;
        TestHttpClient http(server.baseUrl(), server.adminToken());
        setup->showId = http.createShow(QStringLiteral("Drain"), 10);
        return setup->showId > 0;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
    }

    void bookingInFlightIsAnsweredThenServerExitsCleanly()
    {
        ServerProcess server;
        Setup setup;
        // One transaction per booking, so the test sees both bookings wait in
        // the database (two lock waiters) before it signals; batched, they may
        // share one transaction and one waiter.
        QVERIFY2(startWithShow(server, &setup,
                               {QStringLiteral("--group-booking"), QStringLiteral("off")}),
                 qPrintable(server.errorString()));
        const QUrl base = server.baseUrl();

        RawHttpConnection idle(base);
        idle.write("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QCOMPARE(idle.read(1).size(), 1);
        // A request whose last line the client has not sent yet: not idle.
        RawHttpConnection arriving(base);
        arriving.write("GET /health/ready HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        ShowLock lock(setup.databaseUrl, setup.showId);
        QVERIFY2(lock.isLocked(), qPrintable(lock.errorString()));
        RawHttpConnection booking(base);
        booking.write(bookingRequest(setup.showId, server.adminToken()));
        // Another booking with a request pipelined behind it: both are owed.
        RawHttpConnection pipelined(base);
        pipelined.write(bookingRequest(setup.showId, server.adminToken()) +
                        "GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(lock.waiting(), 2, 10000);

        QVERIFY(server.sendSignal(SIGTERM));
        QTRY_VERIFY2_WITH_TIMEOUT(refusesConnections(server), "the port should refuse", 10000);
        QVERIFY2(idle.waitForClose(5000), "an idle keep-alive connection should be closed");
        QCOMPARE(idle.responses().size(), 1);

        arriving.write("\r\n");
        const auto ready = arriving.read(1);
        QCOMPARE(ready.size(), 1);
        QVERIFY2(ready[0].status == 503, qPrintable(ready[0].describe()));
        QCOMPARE(ready[0].code(), QStringLiteral("not_ready"));
        QCOMPARE(ready[0].object().value(QStringLiteral("reason")).toString(),
                 QStringLiteral("draining"));
        QCOMPARE(ready[0].header("Connection").toLower(), QByteArray("close"));
        QVERIFY(arriving.waitForClose(5000));
        QVERIFY2(server.isRunning(), "the server waits for the booking");
        QVERIFY(booking.responses().isEmpty());

        lock.release();
        const auto booked = booking.read(1);
        QCOMPARE(booked.size(), 1);
        QVERIFY2(booked[0].status == 201, qPrintable(booked[0].describe()));
        QCOMPARE(booked[0].header("Connection").toLower(), QByteArray("close"));
        QVERIFY(booking.waitForClose(5000));
        // Only the last answer owed on a connection says it closes.
        const auto both = pipelined.read(2);
        QCOMPARE(both.size(), 2);
        QVERIFY2(both[0].status == 201, qPrintable(both[0].describe()));
        QVERIFY(both[0].header("Connection").toLower() != "close");
        QVERIFY2(both[1].status == 200, qPrintable(both[1].describe()));
        QCOMPARE(both[1].header("Connection").toLower(), QByteArray("close"));
        QVERIFY(pipelined.waitForClose(5000));

        QVERIFY2(server.waitForExit(30000), "the server should exit once drained");
        QCOMPARE(server.exitCode(), 0);
        const QString log = server.output();
        QVERIFY2(
            log.contains(QStringLiteral("draining: no new connections; 3 requests still open")),
            qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("stopped")), qPrintable(log));
        // The booking was carried out, not only answered.
        QCOMPARE(TestDatabase::integer(setup.databaseUrl,
                                       QStringLiteral("SELECT count(*) FROM bookings")),
                 qint64(2));
    }

    void embeddedClusterStopsWithTheServer()
    {
        QTemporaryDir dataDirectory;
        QVERIFY(dataDirectory.isValid());
        ServerProcess server;
        server.setDataDirectory(dataDirectory.path());
        server.setEnvironment(QStringLiteral("BOXOFFICE_ADMIN_TOKEN"), QString());
        QVERIFY2(server.start(120000), qPrintable(server.errorString()));
        const QString pgdata = dataDirectory.filePath(QStringLiteral("postgresql/pgdata"));
        QVERIFY2(!processesNaming(pgdata).isEmpty(), "the embedded postmaster should run");
        TestHttpClient http(server.baseUrl(), server.adminToken());
        QCOMPARE(http.get(QStringLiteral("/health/ready")).status, 200);

        QVERIFY(server.sendSignal(SIGTERM));
        QVERIFY2(server.waitForExit(60000), qPrintable(server.output()));
        QCOMPARE(server.exitCode(), 0);
        const QString log = server.output();
        QVERIFY2(log.contains(QStringLiteral("stopping the embedded PostgreSQL")), qPrintable(log));
        QVERIFY2(processesNaming(pgdata).isEmpty(),
                 qPrintable(QStringLiteral("PostgreSQL processes left for %1: %2")
                                .arg(pgdata, processesNaming(pgdata).join(QLatin1Char(' ')))));
    }

    void drainTimeoutEndsADrainStuckLonger()
    {
        ServerProcess server;
        Setup setup;
        QVERIFY2(
            startWithShow(server, &setup, {QStringLiteral("--drain-timeout"), QStringLiteral("1")}),
            qPrintable(server.errorString()));
        ShowLock lock(setup.databaseUrl, setup.showId);
        QVERIFY2(lock.isLocked(), qPrintable(lock.errorString()));
        RawHttpConnection booking(server.baseUrl());
        booking.write(bookingRequest(setup.showId, server.adminToken()));
        QTRY_COMPARE_WITH_TIMEOUT(lock.waiting(), 1, 10000);

        QElapsedTimer sinceSignal;
        sinceSignal.start();
        QVERIFY(server.sendSignal(SIGTERM));
        // The lock is never released: the drain gives up after 1 s, and the SQL
        // already running ends at the latest with the 10 s statement timeout.
        QVERIFY2(
            server.waitForExit(20000),
            qPrintable(
                QStringLiteral("still running %1 ms after SIGTERM").arg(sinceSignal.elapsed())));
        QCOMPARE(server.exitCode(), 0);
        const QString log = server.output();
        QVERIFY2(
            log.contains(QStringLiteral("drain over (the drain timeout passed) with 1 requests "
                                        "still open")),
            qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("stopped")), qPrintable(log));
        QVERIFY2(booking.waitForClose(5000), "the stuck booking's connection should be closed");
        QVERIFY(booking.responses().isEmpty());
    }

    void secondSignalEndsTheDrainAtOnce()
    {
        ServerProcess server;
        Setup setup;
        QVERIFY2(startWithShow(server, &setup,
                               {QStringLiteral("--drain-timeout"), QStringLiteral("3600")}),
                 qPrintable(server.errorString()));
        ShowLock lock(setup.databaseUrl, setup.showId);
        QVERIFY2(lock.isLocked(), qPrintable(lock.errorString()));
        RawHttpConnection booking(server.baseUrl());
        booking.write(bookingRequest(setup.showId, server.adminToken()));
        QTRY_COMPARE_WITH_TIMEOUT(lock.waiting(), 1, 10000);

        QVERIFY(server.sendSignal(SIGTERM));
        QTRY_VERIFY_WITH_TIMEOUT(server.output().contains(QStringLiteral("draining:")), 10000);
        QVERIFY(server.isRunning());
        QVERIFY(server.sendSignal(SIGINT));
        QTRY_VERIFY2_WITH_TIMEOUT(
            server.output().contains(QStringLiteral("drain over (a second signal ended it)")),
            qPrintable(server.output()), 10000);
        // Released only now, so the server cannot have waited for the booking.
        lock.release();
        QVERIFY2(server.waitForExit(15000), qPrintable(server.output()));
        QCOMPARE(server.exitCode(), 0);
        QVERIFY(booking.waitForClose(5000));
        QVERIFY(booking.responses().isEmpty());
    }

    void badDrainTimeoutIsRefused_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("environment");
        QTest::newRow("negative") << QStringList{QStringLiteral("--drain-timeout"),
                                                 QStringLiteral("-1")}
                                  << QString();
        QTest::newRow("too long") << QStringList{QStringLiteral("--drain-timeout"),
                                                 QStringLiteral("3601")}
                                  << QString();
        QTest::newRow("environment") << QStringList() << QStringLiteral("soon");
    }

    void badDrainTimeoutIsRefused()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QString, environment);
        // Should the value ever be taken, the server starts its embedded
        // cluster here, never in the default data directory.
        QTemporaryDir data;
        QVERIFY(data.isValid());
        arguments << QStringLiteral("--port") << QStringLiteral("0") << QStringLiteral("--data-dir")
                  << data.path();
        QProcess process;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        if (!environment.isEmpty())
            env.insert(QStringLiteral("BOXOFFICE_DRAIN_TIMEOUT"), environment);
        process.setProcessEnvironment(env);
        process.setProcessChannelMode(QProcess::MergedChannels);
        process.start(ServerProcess::binaryPath(), arguments);
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        const QString output = QString::fromLocal8Bit(process.readAll());
        QVERIFY2(output.contains(QStringLiteral("--drain-timeout")), qPrintable(output));
    }
};

QTEST_GUILESS_MAIN(TestDrain)
#include "tst_drain.moc"
