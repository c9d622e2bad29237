// The socket plumbing that keeps idle connections small (issue 16): writes go
// straight to the kernel without reordering anything, the release of Qt's
// kept read block loses no byte, and UpgradeCapture leaves a first request in
// the socket until it is settled. Real TCP sockets over loopback.
#include "http/directwritesocket.h"
#include "http/readblockrelease.h"
#include "http/upgradecapture.h"

#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QtTest>

#include <memory>

namespace {

// Accepts into a DirectWriteSocket, as HttpListener does.
class DirectWriteListener : public QTcpServer
{
public:
    std::unique_ptr<DirectWriteSocket> accepted;

protected:
    void incomingConnection(qintptr descriptor) override
    {
        accepted = std::make_unique<DirectWriteSocket>();
        if (!accepted->setSocketDescriptor(descriptor))
            accepted.reset();
    }
};

// A connected pair: client is a plain QTcpSocket, server the accepted socket.
struct SocketPair
{
    DirectWriteListener listener;
    QTcpSocket client;
    DirectWriteSocket *server = nullptr;

    bool open()
    {
        if (!listener.listen(QHostAddress::LocalHost, 0))
            return false;
        client.connectToHost(QHostAddress::LocalHost, listener.serverPort());
        if (!client.waitForConnected(5000))
            return false;
        QElapsedTimer clock;
        clock.start();
        while (!listener.accepted && clock.elapsed() < 5000)
            QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        server = listener.accepted.get();
        return server != nullptr;
    }
};

QByteArray pattern(qsizetype size, char seed)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(seed + i % 251);
    return bytes;
}

QByteArray readExactly(QTcpSocket &socket, qsizetype size)
{
    QByteArray got;
    QElapsedTimer clock;
    clock.start();
    // Both ends live on this thread: the event loop runs the writer's flushing too.
    while (got.size() < size && clock.elapsed() < 20000) {
        if (socket.bytesAvailable() == 0)
            QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
        got += socket.read(size - got.size());
    }
    return got;
}

} // namespace

class TestSocketBuffers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void smallWritesGoStraightToTheKernel()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        QCOMPARE(pair.server->write("HTTP/1.1 200 OK\r\n\r\n"), 19);
        // Nothing waits in Qt's buffer: the kernel took it inside write().
        QCOMPARE(pair.server->bytesToWrite(), 0);
        QCOMPARE(readExactly(pair.client, 19), QByteArray("HTTP/1.1 200 OK\r\n\r\n"));
    }

    void whatTheKernelRefusesIsBufferedAndNothingOvertakesIt()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        // Far more than loopback's socket buffers hold while nobody reads.
        const QByteArray large = pattern(32 * 1024 * 1024, 'a');
        QCOMPARE(pair.server->write(large), large.size());
        QVERIFY2(pair.server->bytesToWrite() > 0, "the kernel took 32 MiB at once");
        // Later writes queue behind the buffered rest, never straight out.
        QCOMPARE(pair.server->write("tail-1"), 6);
        QCOMPARE(pair.server->write("tail-2"), 6);
        const QByteArray got = readExactly(pair.client, large.size() + 12);
        QCOMPARE(got.size(), large.size() + 12);
        QVERIFY(got.first(large.size()) == large);
        QCOMPARE(got.sliced(large.size()), QByteArray("tail-1tail-2"));
        QTRY_COMPARE_WITH_TIMEOUT(pair.server->bytesToWrite(), 0, 5000);
        // Once the buffer is empty, writes go straight out again.
        QCOMPARE(pair.server->write("after"), 5);
        QCOMPARE(pair.server->bytesToWrite(), 0);
        QCOMPARE(readExactly(pair.client, 5), QByteArray("after"));
    }

    void releasingTheReadBlockLosesNoByte()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        QSignalSpy arrived(pair.server, &QIODevice::readyRead);
        pair.client.write("first");
        QVERIFY(arrived.wait(5000));
        // Unread bytes: nothing is put back or taken.
        ReadBlockRelease::releaseNow(pair.server);
        QCOMPARE(pair.server->read(pair.server->bytesAvailable()), QByteArray("first"));
        ReadBlockRelease::releaseNow(pair.server);
        QCOMPARE(pair.server->bytesAvailable(), 0);
        pair.client.write("second");
        QTRY_COMPARE_WITH_TIMEOUT(pair.server->bytesAvailable(), 6, 5000);
        QCOMPARE(pair.server->readAll(), QByteArray("second"));
    }

    void releaseAfterEachReadRunsAfterTheReader()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        QByteArray received;
        // A reader connected first, like QWebSocket, and reading in pieces.
        connect(pair.server, &QIODevice::readyRead, this, [&] {
            while (pair.server->bytesAvailable() > 0)
                received += pair.server->read(3);
        });
        ReadBlockRelease::releaseAfterEachRead(pair.server);
        const QByteArray sent = pattern(200 * 1024, 'k');
        pair.client.write(sent);
        QTRY_COMPARE_WITH_TIMEOUT(received.size(), sent.size(), 10000);
        QVERIFY(received == sent);
    }

    void aFirstRequestStaysInTheSocketUntilSettled()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        UpgradeCapture capture;
        capture.begin(pair.server);
        pair.client.write("GET /ws HTTP/1.1\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(pair.server->bytesAvailable(), 18, 5000);
        QCOMPARE(capture.takeArrived(pair.server), QByteArray("GET /ws HTTP/1.1\r\n"));
        QCOMPARE(capture.unreadBytes(pair.server), 0);
        pair.client.write("Upgrade: websocket\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(capture.unreadBytes(pair.server), 22, 5000);
        // Only what is new goes to the parser; all of it stays in the socket.
        QCOMPARE(capture.takeArrived(pair.server), QByteArray("Upgrade: websocket\r\n\r\n"));
        QCOMPARE(pair.server->bytesAvailable(), 40);
        capture.firstRequestParsed(true);
        QVERIFY(capture.canHandOver());
        capture.handOver();
        QVERIFY(!capture.canHandOver());
        // The new owner reads the whole handshake.
        QCOMPARE(pair.server->readAll(),
                 QByteArray("GET /ws HTTP/1.1\r\nUpgrade: websocket\r\n\r\n"));
    }

    void aPlainFirstRequestIsTakenAndWhatFollowsIsReadNormally()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        UpgradeCapture capture;
        capture.begin(pair.server);
        pair.client.write("GET /events HTTP/1.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(pair.server->bytesAvailable(), 24, 5000);
        QCOMPARE(capture.takeArrived(pair.server).size(), 24);
        capture.firstRequestParsed(false);
        QVERIFY(!capture.canHandOver());
        QCOMPARE(pair.server->bytesAvailable(), 0); // settled: taken from the socket
        pair.client.write("GET /next HTTP/1.1\r\n\r\n");
        QTRY_COMPARE_WITH_TIMEOUT(capture.unreadBytes(pair.server), 22, 5000);
        QCOMPARE(capture.takeArrived(pair.server), QByteArray("GET /next HTTP/1.1\r\n\r\n"));
        QCOMPARE(pair.server->bytesAvailable(), 0);
    }

    void aFirstRequestLargerThanAHandshakeIsTakenBeforeItIsWhole()
    {
        SocketPair pair;
        QVERIFY(pair.open());
        UpgradeCapture capture;
        capture.begin(pair.server);
        const QByteArray head = "POST /bookings HTTP/1.1\r\nContent-Length: 200000\r\n\r\n";
        const QByteArray body = pattern(200000, 'p');
        pair.client.write(head + body);
        QByteArray parsed;
        QElapsedTimer clock;
        clock.start();
        while (parsed.size() < head.size() + body.size() && clock.elapsed() < 10000) {
            if (capture.unreadBytes(pair.server) == 0)
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
            parsed += capture.takeArrived(pair.server);
        }
        QVERIFY(parsed == head + body);
        // Past kMaxHandshakeBytes nothing waits for an upgrade: the socket is read empty.
        QVERIFY(!capture.canHandOver());
        QCOMPARE(pair.server->bytesAvailable(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSocketBuffers)
#include "tst_socketbuffers.moc"
