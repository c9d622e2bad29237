// The access log of the real server: one boxoffice.http.access line per
// request, naming its method, path (never the query), route pattern, status,
// duration, request id (the one sent back in X-Request-Id), client and actor;
// "dropped" for an answer whose client left; none at all with --access-log off.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/socket.h>

namespace {
struct AccessLine
{
    QString method, path, status, duration, id, route, client, actor;
    bool dropped = false;
};

// GET /shows/3 200 1.8ms id=<id> route=/shows/:id client=<addr> actor=<actor> [dropped]
QList<AccessLine> accessLines(const QString &output)
{
    static const QRegularExpression line(
        QStringLiteral(R"(boxoffice\.http\.access: (\S+) (\S+) (\d{3}) (\d+\.\d)ms id=(\S+) )"
                       R"(route=(\S+) client=(\S+) actor=(\S+)( dropped)?$)"),
        QRegularExpression::MultilineOption);
    QList<AccessLine> lines;
    for (auto it = line.globalMatch(output); it.hasNext();) {
        const auto m = it.next();
        lines.append({m.captured(1), m.captured(2), m.captured(3), m.captured(4), m.captured(5),
                      m.captured(6), m.captured(7), m.captured(8), !m.captured(9).isEmpty()});
    }
    return lines;
}

QList<AccessLine> linesWithId(const QString &output, const QString &id)
{
    QList<AccessLine> found;
    for (const AccessLine &line : accessLines(output)) {
        if (line.id == id)
            found.append(line);
    }
    return found;
}

QString uniqueId(const QString &stem)
{
    return stem + QLatin1Char('-') + QString::number(QRandomGenerator::global()->generate64(), 36);
}
} // namespace

class TestAccessLog : public QObject
{
    Q_OBJECT

private:
    QString m_databaseUrl;
    std::unique_ptr<ServerProcess> m_server;
    qint64 m_showId = 0;

    TestHttpClient::Reply send(const QByteArray &method, const QString &path, const QString &id,
                               bool admin = false, const QByteArray &body = {})
    {
        TestHttpClient http(m_server->baseUrl(), m_server->adminToken());
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!id.isNull())
            headers.append(qMakePair(QByteArray("X-Request-Id"), id.toLatin1()));
        if (admin)
            headers.append(qMakePair(QByteArray("Authorization"), http.adminHeader()));
        if (!body.isEmpty())
            headers.append(qMakePair(QByteArray("Content-Type"), QByteArray("application/json")));
        return http.send(method, path, body, headers);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_databaseUrl = TestDatabase::instance().createDatabase();
        m_server = std::make_unique<ServerProcess>();
        m_server->setDatabaseUrl(m_databaseUrl);
        // The harness turns the access log off for every other test.
        m_server->setEnvironment(QStringLiteral("BOXOFFICE_ACCESS_LOG"), QStringLiteral("on"));
        // The HTTP layer's debug line says when it saw a client reset its connection.
        m_server->setEnvironment(QStringLiteral("QT_LOGGING_RULES"),
                                 QStringLiteral("*.debug=false;boxoffice.http.debug=true"));
        QVERIFY2(m_server->start(), qPrintable(m_server->errorString()));
        TestHttpClient http(m_server->baseUrl(), m_server->adminToken());
        m_showId = http.createShow(QStringLiteral("Access log"), 100);
        QVERIFY(m_showId > 0);
    }

    void everyRequestHasOneLine()
    {
        struct Case
        {
            QByteArray method;
            QString path, loggedPath, route;
            int status;
            bool admin;
            QByteArray body;
        };
        const QString show = QString::number(m_showId);
        const QList<Case> cases = {
            {"GET", "/shows?limit=5&offset=0", "/shows", "/shows", 200, false, {}},
            {"GET", "/shows/" + show, "/shows/" + show, "/shows/:id", 200, false, {}},
            {"POST", "/admin/shows", "/admin/shows", "/admin/shows", 201, true,
             R"({"name":"Logged","start_time":"2030-01-01T19:30:00Z","total_seats":5})"},
            {"GET", "/no/such/thing?x=1", "/no/such/thing", "-", 404, false, {}},
            {"DELETE", "/shows", "/shows", "-", 405, false, {}},
        };
        QStringList ids;
        for (const Case &c : cases) {
            ids.append(uniqueId(QStringLiteral("acc")));
            const auto reply = send(c.method, c.path, ids.last(), c.admin, c.body);
            QVERIFY2(reply.status == c.status, qPrintable(reply.describe()));
            QCOMPARE(reply.header("X-Request-Id"), ids.last().toLatin1());
        }
        // Each line is written right after its answer; the output pipe may lag.
        QTRY_VERIFY_WITH_TIMEOUT(!linesWithId(m_server->output(), ids.last()).isEmpty(), 10000);
        const QString output = m_server->output();
        for (int i = 0; i < cases.size(); ++i) {
            const Case &c = cases.at(i);
            const QList<AccessLine> lines = linesWithId(output, ids.at(i));
            QVERIFY2(lines.size() == 1,
                     qPrintable(QStringLiteral("expected one access line for %1 %2, saw %3 in:\n%4")
                                    .arg(QString::fromLatin1(c.method), c.path)
                                    .arg(lines.size())
                                    .arg(output.right(3000))));
            const AccessLine &line = lines.first();
            QCOMPARE(line.method, QString::fromLatin1(c.method));
            QCOMPARE(line.path, c.loggedPath);
            QCOMPARE(line.route, c.route);
            QCOMPARE(line.status, QString::number(c.status));
            QCOMPARE(line.client, QStringLiteral("127.0.0.1"));
            QCOMPARE(line.actor, c.admin ? QStringLiteral("bootstrap-admin") : QStringLiteral("-"));
            QVERIFY(!line.dropped);
            bool ok = false;
            QVERIFY(line.duration.toDouble(&ok) >= 0 && ok);
        }
        QVERIFY2(!output.contains(QStringLiteral("limit=5")), "the query string is never logged");
    }

    void longPathIsCutShort()
    {
        const QString id = uniqueId(QStringLiteral("long"));
        const auto reply =
            send("GET", QStringLiteral("/nothing/") + QString(5000, QLatin1Char('a')), id);
        QCOMPARE(reply.status, 404);
        QTRY_COMPARE_WITH_TIMEOUT(linesWithId(m_server->output(), id).size(), 1, 10000);
        const AccessLine line = linesWithId(m_server->output(), id).first();
        QVERIFY2(line.path.size() < 1100, qPrintable(line.path.left(100)));
        QVERIFY2(line.path.startsWith(QStringLiteral("/nothing/aaaa")) &&
                     line.path.endsWith(QStringLiteral("...(+3985)")),
                 qPrintable(line.path.right(100)));
    }

    void requestIdIsTheOneSentBack_data()
    {
        QTest::addColumn<QString>("given");
        QTest::addColumn<bool>("kept");
        QTest::newRow("sane id") << uniqueId(QStringLiteral("client.id_1")) << true;
        QTest::newRow("none") << QString() << false;
        QTest::newRow("200 characters") << QStringLiteral("q7").repeated(100) << false;
        QTest::newRow("spaces") << QStringLiteral("an id with spaces") << false;
        QTest::newRow("backslash") << QStringLiteral("x\\nGET") << false;
    }

    void requestIdIsTheOneSentBack()
    {
        QFETCH(QString, given);
        QFETCH(bool, kept);
        const auto reply = send("GET", QStringLiteral("/shows"), given);
        QVERIFY2(reply.status == 200, qPrintable(reply.describe()));
        const QString sent = QString::fromLatin1(reply.header("X-Request-Id"));
        if (kept) {
            QCOMPARE(sent, given);
        } else {
            QVERIFY2(QRegularExpression(QStringLiteral("^[0-9a-f]{24}$")).match(sent).hasMatch(),
                     qPrintable(QStringLiteral("expected a made-up id, got '%1'").arg(sent)));
        }
        QTRY_COMPARE_WITH_TIMEOUT(linesWithId(m_server->output(), sent).size(), 1, 10000);
        const AccessLine line = linesWithId(m_server->output(), sent).first();
        QCOMPARE(line.route, QStringLiteral("/shows"));
        if (!given.isEmpty())
            QVERIFY2(!m_server->output().contains(given) || kept,
                     "a refused id never reaches the log");
    }

    void droppedAnswerIsLogged()
    {
        // The show's row is locked, so the booking waits in the database
        // while its client resets the connection; then the lock goes.
        QSqlDatabase locker = QSqlDatabase::cloneDatabase(TestDatabase::open(m_databaseUrl),
                                                          QStringLiteral("locker"));
        QVERIFY2(locker.open(), qPrintable(locker.lastError().text()));
        QSqlQuery lock(locker);
        QVERIFY(lock.exec(QStringLiteral("BEGIN")));
        QVERIFY(lock.exec(
            QStringLiteral("SELECT 1 FROM shows WHERE id = %1 FOR UPDATE").arg(m_showId)));

        const QString id = uniqueId(QStringLiteral("dropped"));
        const QByteArray body = R"({"user_name":"gone","seats":1})";
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_server->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /shows/" + QByteArray::number(m_showId) +
                     "/book HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                     "X-Request-Id: " +
                     id.toLatin1() + "\r\nContent-Length: " + QByteArray::number(body.size()) +
                     "\r\n\r\n" + body);
        QVERIFY(socket.waitForBytesWritten(5000));
        const QString waiting = QStringLiteral(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND "
            "datname = current_database()");
        QTRY_COMPARE_WITH_TIMEOUT(TestDatabase::integer(m_databaseUrl, waiting), qint64(1), 10000);
        // SO_LINGER 0: close() sends a reset, which the server takes for a client gone.
        const linger abortive{1, 0};
        QVERIFY(::setsockopt(int(socket.socketDescriptor()), SOL_SOCKET, SO_LINGER, &abortive,
                             sizeof abortive) == 0);
        socket.abort();
        QTRY_VERIFY_WITH_TIMEOUT(
            m_server->output().contains(QStringLiteral("client reset its connection")), 10000);
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));

        QTRY_COMPARE_WITH_TIMEOUT(linesWithId(m_server->output(), id).size(), 1, 10000);
        const AccessLine line = linesWithId(m_server->output(), id).first();
        QVERIFY2(line.dropped, qPrintable(m_server->output().right(2000)));
        QCOMPARE(line.method, QStringLiteral("POST"));
        QCOMPARE(line.route, QStringLiteral("/shows/:id/book"));
        lock.finish();
        locker.close();
    }

    void accessLogCanBeSwitchedOff_data()
    {
        QTest::addColumn<bool>("byOption");
        QTest::newRow("--access-log off") << true;
        QTest::newRow("BOXOFFICE_ACCESS_LOG=off") << false;
    }

    void accessLogCanBeSwitchedOff()
    {
        QFETCH(bool, byOption);
        ServerProcess server;
        server.setDatabaseUrl(m_databaseUrl);
        if (byOption) {
            // The option wins over the environment.
            server.setEnvironment(QStringLiteral("BOXOFFICE_ACCESS_LOG"), QStringLiteral("on"));
            server.setArguments({QStringLiteral("--access-log"), QStringLiteral("off")});
        } else
            server.setEnvironment(QStringLiteral("BOXOFFICE_ACCESS_LOG"), QStringLiteral("off"));
        QVERIFY2(server.start(), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        QCOMPARE(http.get(QStringLiteral("/shows")).status, 200);
        QCOMPARE(http.get(QStringLiteral("/no/such/thing")).status, 404);
        // Everything it would have logged is out once it has stopped.
        QVERIFY2(server.stop(), qPrintable(server.errorString()));
        const QString output = server.output();
        QVERIFY2(output.contains(QStringLiteral("stopped")), qPrintable(output));
        QVERIFY2(!output.contains(QStringLiteral("boxoffice.http.access")), qPrintable(output));
    }

    void badAccessLogValueExitsWith2()
    {
        // Should the value ever be taken, the server starts its embedded
        // cluster here, never in the default data directory.
        QTemporaryDir data;
        QVERIFY(data.isValid());
        QProcess process;
        process.start(ServerProcess::binaryPath(),
                      {QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--data-dir"),
                       data.path(), QStringLiteral("--access-log"), QStringLiteral("maybe")});
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--access-log"));
    }

    void cleanupTestCase()
    {
        if (m_server)
            QVERIFY2(m_server->stop(), qPrintable(m_server->errorString()));
    }
};

QTEST_GUILESS_MAIN(TestAccessLog)
#include "tst_accesslog.moc"
