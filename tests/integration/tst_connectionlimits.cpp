// File descriptors cannot be exhausted by clients: with the server under
// `ulimit -n 256`, 400 idle connections get the excess a 503 server_busy
// answer (the cap is derived from the limit), and when the cap is set above
// what the limit allows, accept() failures (EMFILE) only pause accepting:
// the server answers again once the connections are gone.
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QRegularExpression>
#include <QTcpSocket>
#include <QtTest>

#include <memory>
#include <vector>

class TestConnectionLimits : public QObject
{
    Q_OBJECT

private:
    static constexpr int kFileLimit = 256;
    static constexpr int kClients = 400;

    bool startLimited(ServerProcess &server, const QStringList &arguments)
    {
        server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        server.setCommandPrefix({QStringLiteral("prlimit"),
                                 QStringLiteral("--nofile=%1:%1").arg(kFileLimit),
                                 QStringLiteral("--")});
        server.setArguments(QStringList{QStringLiteral("--idle-timeout"), QStringLiteral("120")} +
                            arguments);
        return server.start();
    }

    static std::vector<std::unique_ptr<QTcpSocket>> openIdle(const ServerProcess &server)
    {
        std::vector<std::unique_ptr<QTcpSocket>> sockets;
        for (int i = 0; i < kClients; ++i) {
            auto socket = std::make_unique<QTcpSocket>();
            socket->connectToHost(server.baseUrl().host(), quint16(server.port()));
            sockets.push_back(std::move(socket));
        }
        return sockets;
    }

    static int count(const std::vector<std::unique_ptr<QTcpSocket>> &sockets,
                     QAbstractSocket::SocketState state)
    {
        int n = 0;
        for (const auto &socket : sockets)
            n += socket->state() == state ? 1 : 0;
        return n;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        QVERIFY2(!QStandardPaths::findExecutable(QStringLiteral("prlimit")).isEmpty(),
                 "prlimit (util-linux) is needed to lower the server's file limit");
    }

    void connectionsOverTheDefaultCapGetServerBusy()
    {
        ServerProcess server;
        QVERIFY2(startLimited(server, {}), qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        const QRegularExpression logged(QStringLiteral("accepting at most (\\d+) connections"));
        const auto match = logged.match(server.output());
        QVERIFY2(match.hasMatch(), qPrintable(server.output()));
        const int cap = match.captured(1).toInt();
        QVERIFY2(cap > 0 && cap < kFileLimit - 32,
                 qPrintable(QStringLiteral("cap %1 should be well under the limit of %2")
                                .arg(cap)
                                .arg(kFileLimit)));

        auto sockets = openIdle(server);
        QByteArray busyAnswers;
        int refused = 0;
        // The connections beyond the cap are answered and closed by the server.
        QTRY_VERIFY2_WITH_TIMEOUT(
            count(sockets, QAbstractSocket::UnconnectedState) >= kClients - cap &&
                count(sockets, QAbstractSocket::ConnectingState) == 0,
            qPrintable(QStringLiteral("%1 of %2 closed, expected %3")
                           .arg(count(sockets, QAbstractSocket::UnconnectedState))
                           .arg(kClients)
                           .arg(kClients - cap)),
            30000);
        for (const auto &socket : sockets) {
            const QByteArray answer = socket->readAll();
            if (!answer.isEmpty()) {
                ++refused;
                busyAnswers = answer;
                QVERIFY2(answer.startsWith("HTTP/1.1 503"), answer.constData());
            }
        }
        // The test's own HTTP client holds a connection or two of the cap.
        QVERIFY2(refused >= kClients - cap && refused <= kClients - cap + 6,
                 qPrintable(QStringLiteral("%1 refusals seen, expected about %2")
                                .arg(refused)
                                .arg(kClients - cap)));
        QVERIFY2(busyAnswers.contains("\"code\":\"server_busy\"") &&
                     busyAnswers.contains("Retry-After: 1"),
                 busyAnswers.constData());

        // While the cap is full, a connection within it is served as usual
        // (the client's keep-alive one), and a new one gets a 503 at once.
        const auto kept = http.get(QStringLiteral("/health"));
        QVERIFY2(kept.status == 200, qPrintable(kept.describe()));
        QTcpSocket fresh;
        fresh.connectToHost(server.baseUrl().host(), quint16(server.port()));
        QVERIFY(fresh.waitForConnected(5000));
        // Refused on connecting: the answer comes before any request.
        QByteArray answer;
        QTRY_VERIFY_WITH_TIMEOUT((answer += fresh.readAll()).contains("}"), 5000);
        QVERIFY2(answer.startsWith("HTTP/1.1 503") && answer.contains("\"code\":\"server_busy\""),
                 answer.constData());
        QTRY_COMPARE_WITH_TIMEOUT(fresh.state(), QAbstractSocket::UnconnectedState, 5000);
        QVERIFY(server.isRunning());

        sockets.clear();
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/health")).status, 200, 15000);
        QVERIFY2(server.stop(), qPrintable(server.output()));
    }

    void acceptFailuresDoNotStopTheServer()
    {
        // A cap the file limit cannot honour: accept() itself fails (EMFILE).
        ServerProcess server;
        QVERIFY2(
            startLimited(server, {QStringLiteral("--max-connections"), QStringLiteral("1000")}),
            qPrintable(server.errorString()));
        TestHttpClient http(server.baseUrl(), server.adminToken());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);

        auto sockets = openIdle(server);

        QTRY_VERIFY2_WITH_TIMEOUT(server.output().contains(QStringLiteral("accept() failed")),
                                  "with 400 clients and 256 descriptors, accept() should fail",
                                  30000);

        QVERIFY(server.isRunning());
        sockets.clear();
        // Accepting resumes by itself once descriptors are free again.
        QTRY_COMPARE_WITH_TIMEOUT(http.get(QStringLiteral("/health"), false).status, 200, 20000);
        QVERIFY2(server.stop(), qPrintable(server.output()));
    }
};

QTEST_GUILESS_MAIN(TestConnectionLimits)
#include "tst_connectionlimits.moc"
