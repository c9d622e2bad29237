// Live push on the wire: GET /ws and GET /events refuse what they cannot take
// with clear JSON errors, the WebSocket handshake is RFC 6455's, an upgrade
// is only ever the first request on a connection, and a server that stops
// ends every subscription (close 1001, the stream's last chunk) and exits
// without waiting out its drain timeout.
#include "pushclients.h"
#include "rawexchange.h"
#include "serverprocess.h"
#include "testdatabase.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QtTest>

#include <csignal>

namespace {
const QByteArray kKey = "dGhlIHNhbXBsZSBub25jZQ=="; // RFC 6455's example
const QByteArray kHandshake = "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                              "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: " +
                              kKey + "\r\n";

// Closed after its answer (an upgrade request always is), so an exchange ends.
QByteArray get(const QByteArray &target, const QByteArray &headers = {})
{
    const QByteArray close = headers.contains("Connection:") ? "" : "Connection: close\r\n";
    return "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + headers + close + "\r\n";
}
} // namespace

class TestPushProtocol : public QObject
{
    Q_OBJECT

    ServerProcess m_server;

    RawExchange::Outcome exchange(const QByteArray &request)
    {
        return RawExchange::run({request}, m_server.port(), 1, 10000).first();
    }
    static QString codeOf(const RawExchange::Answer &answer)
    {
        return QJsonDocument::fromJson(answer.body).object().value(QStringLiteral("code")).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    }

    void webSocketRouteWithoutHandshakeIsUpgradeRequired()
    {
        const auto outcome = exchange(get("/ws"));
        QCOMPARE(outcome.answers.size(), 1);
        const auto &answer = outcome.answers.first();
        QCOMPARE(answer.status, 426);
        QCOMPARE(codeOf(answer), QStringLiteral("upgrade_required"));
        QCOMPARE(answer.header("upgrade"), QByteArray("websocket"));
        const auto wrongVersion = exchange(get(
            "/ws", QByteArray(kHandshake).replace("Version: 13", "Version: 8")));
        QCOMPARE(wrongVersion.answers.size(), 1);
        QCOMPARE(wrongVersion.answers.first().status, 426);
    }

    void handshakeIsRfc6455AndBadParametersAreRefused()
    {
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_server.port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write(get("/ws?show=all", kHandshake));
        QByteArray received;
        QTRY_VERIFY_WITH_TIMEOUT((received += socket.readAll()).contains("\r\n\r\n"), 10000);
        QVERIFY2(received.startsWith("HTTP/1.1 101"), received.constData());
        // RFC 6455 1.3: the answer to its example key.
        QVERIFY2(received.contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo="),
                 received.constData());

        const auto badShow = exchange(get("/ws?show=abc", kHandshake));
        QCOMPARE(badShow.answers.size(), 1);
        QCOMPARE(badShow.answers.first().status, 400);
        QCOMPARE(codeOf(badShow.answers.first()), QStringLiteral("invalid_field"));
        const auto badSince = exchange(get("/ws?since=-1", kHandshake));
        QCOMPARE(badSince.answers.first().status, 400);
        const auto badToken = exchange(get("/ws", kHandshake + "Authorization: Bearer nope\r\n"));
        QCOMPARE(badToken.answers.first().status, 401);
        QCOMPARE(codeOf(badToken.answers.first()), QStringLiteral("unauthorized"));
    }

    void upgradeOnlyAsTheFirstRequest()
    {
        const auto outcome =
            exchange("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + get("/ws", kHandshake));
        QCOMPARE(outcome.answers.size(), 2);
        QCOMPARE(outcome.answers.at(0).status, 200);
        QCOMPARE(outcome.answers.at(1).status, 400);
        QCOMPARE(codeOf(outcome.answers.at(1)), QStringLiteral("bad_request"));
        QVERIFY(!outcome.timedOut); // and the connection closed after it
    }

    void eventStreamRefusesBadParameters()
    {
        for (const QByteArray &target :
             {QByteArray("/events?bookings=some"), QByteArray("/events?show=1,,2"),
              QByteArray("/events?last_event_id=x")}) {
            const auto outcome = exchange(get(target));
            QCOMPARE(outcome.answers.size(), 1);
            QVERIFY2(outcome.answers.first().status == 400, target.constData());
            QCOMPARE(codeOf(outcome.answers.first()), QStringLiteral("invalid_field"));
        }
        const auto badId = exchange(get("/events", "Last-Event-ID: 12abc\r\n"));
        QCOMPARE(badId.answers.first().status, 400);
        const auto badToken = exchange(get("/events", "Authorization: Bearer nope\r\n"));
        QCOMPARE(badToken.answers.first().status, 401);
    }

    // Last: it stops the server.
    void stoppingEndsEverySubscriptionAndDoesNotWaitForThem()
    {
        WebSocketPushClient socket(m_server.baseUrl());
        EventStreamClient stream(m_server.baseUrl());
        QTRY_COMPARE_WITH_TIMEOUT(socket.ofType(QStringLiteral("hello")).size(), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(stream.ofType("hello").size(), 1, 10000);
        QElapsedTimer clock;
        clock.start();
        QVERIFY(m_server.sendSignal(SIGTERM));
        QTRY_VERIFY_WITH_TIMEOUT(!socket.isConnected(), 10000);
        QCOMPARE(socket.closeCode(), 1001); // going away: reconnect
        QTRY_VERIFY_WITH_TIMEOUT(!stream.isConnected(), 10000);
        QVERIFY(m_server.waitForExit(15000));
        QCOMPARE(m_server.exitCode(), 0);
        // The default drain timeout is 30 s; open subscriptions do not hold it up.
        QVERIFY2(clock.elapsed() < 20000, qPrintable(QString::number(clock.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestPushProtocol)
#include "tst_pushprotocol.moc"
