// Responses of any type through the real HTTP stack, in process: a Router
// with test-only routes and a BoxOfficeHttpServer on port 0. Text and binary
// bodies carry their own Content-Type; a long-lived (streaming) response keeps
// its connection open and receiving chunks through many idle timeouts, while
// a plain idle connection next to it is closed.
#include "auth/bootstrapauthenticator.h"
#include "http/boxofficehttpserver.h"
#include "http/responsestream.h"
#include "http/router.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <QtTest>

#include <memory>

namespace {
using Method = QHttpServerRequest::Method;
constexpr int kIdleTimeoutMs = 1000;
constexpr int kTickMs = 200;
const QByteArray kBinary("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);

// Sends a chunk every kTickMs until the client goes (the stream is destroyed
// with its connection) or `limit` chunks are out (then it closes).
void tick(ResponseStream *stream, int limit)
{
    auto *timer = new QTimer(stream);
    auto sent = std::make_shared<int>(0);
    QObject::connect(timer, &QTimer::timeout, stream, [stream, sent, limit] {
        stream->write("data: " + QByteArray::number(++*sent) + "\n\n");
        if (limit > 0 && *sent >= limit)
            stream->close();
    });
    timer->start(kTickMs);
}
} // namespace

class TestStreamingResponse : public QObject
{
    Q_OBJECT

private:
    BootstrapAuthenticator m_authenticator{QByteArray("token")};
    Router m_router{Router::Options{&m_authenticator, nullptr, PublicBooking::Off}};
    std::unique_ptr<BoxOfficeHttpServer> m_server;
    quint16 m_port = 0;
    QPointer<ResponseStream> m_lastStream;

    std::unique_ptr<QTcpSocket> connectClient()
    {
        auto socket = std::make_unique<QTcpSocket>();
        socket->connectToHost(QHostAddress::LocalHost, m_port);
        return socket;
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_router.add(Method::Get, QStringLiteral("/text"), Router::Access::Public,
                     [](const ApiRequest &) {
                         return QtFuture::makeReadyFuture(
                             ApiResponse::text(200, QStringLiteral("seats_held 3\n")));
                     });
        m_router.add(
            Method::Get, QStringLiteral("/png"), Router::Access::Public, [](const ApiRequest &) {
                return QtFuture::makeReadyFuture(ApiResponse::bytes(200, "image/png", kBinary));
            });
        m_router.add(Method::Get, QStringLiteral("/events"), Router::Access::Public,
                     [this](const ApiRequest &) {
                         return QtFuture::makeReadyFuture(
                             ApiResponse::stream("text/event-stream", [this](ResponseStream *s) {
                                 m_lastStream = s;
                                 tick(s, 0);
                             }));
                     });
        m_router.add(
            Method::Get, QStringLiteral("/three"), Router::Access::Public, [](const ApiRequest &) {
                return QtFuture::makeReadyFuture(
                    ApiResponse::stream("text/plain", [](ResponseStream *s) { tick(s, 3); }));
            });
        m_server = std::make_unique<BoxOfficeHttpServer>(m_router);
        m_port = m_server->listenBounded(QHostAddress::LocalHost, 0, kIdleTimeoutMs);
        QVERIFY(m_port != 0);
    }

    void textAndBinaryBodiesCarryTheirType_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("text") << "/text" << QByteArray("text/plain; charset=utf-8")
                              << QByteArray("seats_held 3\n");
        QTest::newRow("binary") << "/png" << QByteArray("image/png") << kBinary;
    }

    void textAndBinaryBodiesCarryTheirType()
    {
        QFETCH(QString, path);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        auto socket = connectClient();
        socket->write("GET " + path.toLatin1() + " HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray seen;
        const QByteArray head = "Content-Type: " + type +
                                "\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n";
        const auto complete = [&] {
            seen += socket->readAll();
            return seen.endsWith("\r\n\r\n" + body);
        };
        QTRY_VERIFY_WITH_TIMEOUT(complete(), 5000);
        QVERIFY2(seen.startsWith("HTTP/1.1 200 OK\r\n") && seen.contains(head), seen.constData());
    }

    void streamOutlivesIdleTimeoutsWhileAnIdleConnectionIsClosed()
    {
        auto idle = connectClient();
        auto streaming = connectClient();
        QTRY_COMPARE_WITH_TIMEOUT(streaming->state(), QAbstractSocket::ConnectedState, 5000);
        streaming->write("GET /events HTTP/1.1\r\nHost: x\r\n\r\n");
        QElapsedTimer elapsed;
        elapsed.start();
        QByteArray received;
        // Four idle periods' worth of chunks (kTickMs apart).
        const int wanted = 4 * kIdleTimeoutMs / kTickMs;
        QTRY_VERIFY2_WITH_TIMEOUT((received += streaming->readAll()).count("data: ") >= wanted,
                                  qPrintable(QStringLiteral("%1 chunks after %2 ms, expected %3")
                                                 .arg(received.count("data: "))
                                                 .arg(elapsed.elapsed())
                                                 .arg(wanted)),
                                  20000);
        QVERIFY2(elapsed.elapsed() >= 3 * kIdleTimeoutMs, "the chunks span several idle periods");
        QCOMPARE(streaming->state(), QAbstractSocket::ConnectedState);
        QVERIFY2(received.startsWith("HTTP/1.1 200 OK\r\n"), received.left(200).constData());
        QVERIFY(received.contains("Content-Type: text/event-stream\r\n"));
        QVERIFY(received.contains("Transfer-Encoding: chunked\r\n"));
        QVERIFY(!received.contains("Content-Length"));
        QCOMPARE(idle->state(), QAbstractSocket::UnconnectedState);

        // The producer learns that its client has gone: the stream is destroyed.
        QVERIFY(!m_lastStream.isNull());
        streaming->abort();
        QTRY_VERIFY_WITH_TIMEOUT(m_lastStream.isNull(), 5000);
    }

    void finishedStreamLeavesTheConnectionForTheNextRequest()
    {
        auto socket = connectClient();
        socket->write(
            "GET /three HTTP/1.1\r\nHost: x\r\n\r\nGET /text HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray seen;
        QTRY_VERIFY2_WITH_TIMEOUT((seen += socket->readAll()).endsWith("seats_held 3\n"),
                                  seen.constData(), 5000);
        const qsizetype bodyStart = seen.indexOf("\r\n\r\n") + 4;
        const qsizetype next = seen.indexOf("HTTP/1.1 200", bodyStart);
        QCOMPARE(
            seen.mid(bodyStart, next - bodyStart),
            QByteArray("9\r\ndata: 1\n\n\r\n9\r\ndata: 2\n\n\r\n9\r\ndata: 3\n\n\r\n0\r\n\r\n"));
        QCOMPARE(socket->state(), QAbstractSocket::ConnectedState);
    }
};

QTEST_GUILESS_MAIN(TestStreamingResponse)
#include "tst_streamingresponse.moc"
