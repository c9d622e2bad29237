// No client can make the server grow without bound: an endless upload stalls
// against a bounded read buffer, and a client that pipelines requests but
// never reads the answers is made to wait once its unread answers pile up.
#include "loadgenerator.h"
#include "serverprocess.h"
#include "testdatabase.h"
#include "testhttpclient.h"

#include <QDeadlineTimer>
#include <QTcpSocket>
#include <QtTest>

class TestResourceLimits : public QObject
{
    Q_OBJECT

private:
    ServerProcess m_server;

    // Writes `bytes` more bytes as fast as the peer takes them, for at most timeoutMs.
    static qint64 push(QTcpSocket &socket, qint64 bytes, int timeoutMs)
    {
        const QByteArray chunk(64 * 1024, 'x');
        qint64 sent = 0;
        const QDeadlineTimer deadline(timeoutMs);
        while (sent < bytes && !deadline.hasExpired() &&
               socket.state() == QAbstractSocket::ConnectedState) {
            if (socket.bytesToWrite() < 4 * chunk.size())
                sent += socket.write(chunk);
            socket.waitForBytesWritten(50);
        }
        return sent;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(TestDatabase::instance().start(),
                 qPrintable(TestDatabase::instance().errorString()));
        m_server.setDatabaseUrl(TestDatabase::instance().createDatabase());
        m_server.setArguments({QStringLiteral("--idle-timeout"), QStringLiteral("2")});
        QVERIFY2(m_server.start(), qPrintable(m_server.errorString()));
    }

    void oversizedUploadDoesNotGrowTheServer()
    {
        const qint64 before = m_server.residentKiB();
        QVERIFY(before > 0);
        QTcpSocket socket;
        socket.connectToHost(m_server.baseUrl().host(), quint16(m_server.port()));
        QVERIFY(socket.waitForConnected(5000));
        socket.write("POST /shows/1/book HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                     "Content-Length: 1073741824\r\n\r\n");
        const qint64 sent = push(socket, 64LL * 1024 * 1024, 8000);
        const qint64 after = m_server.residentKiB();
        qInfo("pushed %lld KiB of a 1 GiB body; server RSS %lld -> %lld KiB", sent / 1024, before,
              after);
        QVERIFY2(after - before < 16 * 1024, "an upload must not grow the server by its size");
        // Stalled against the full buffer, the connection is closed as idle.
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 15000);

        // Meanwhile everybody else is served as usual, and a merely too-large body gets its 413.
        TestHttpClient http(m_server.baseUrl(), m_server.adminToken());
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        const auto tooLarge =
            http.send("POST", QStringLiteral("/shows/1/book"), QByteArray(100 * 1024, ' '),
                      {{"Content-Type", "application/json"}});
        QVERIFY2(tooLarge.status == 413, qPrintable(tooLarge.describe()));
    }

    void clientThatNeverReadsIsThrottled()
    {
        TestHttpClient http(m_server.baseUrl(), m_server.adminToken());
        for (int i = 0; i < 40; ++i)
            QVERIFY(
                http.createShow(
                    QStringLiteral("A show with a long enough name to make answers big %1").arg(i),
                    100) > 0);
        const qint64 before = m_server.residentKiB();

        QTcpSocket socket;
        socket.setReadBufferSize(
            1); // take (almost) nothing: the kernel buffers fill, then the server's
        socket.connectToHost(m_server.baseUrl().host(), quint16(m_server.port()));
        QVERIFY(socket.waitForConnected(5000));
        // Thousands of answers of ~10 KiB each would be tens of MiB if all were produced.
        const QByteArray request = LoadGenerator::rawRequest("GET", QStringLiteral("/shows"));
        QByteArray pipeline;
        for (int i = 0; i < 60; ++i)
            pipeline += request;
        const QDeadlineTimer deadline(6000);
        while (!deadline.hasExpired() && socket.state() == QAbstractSocket::ConnectedState) {
            if (socket.bytesToWrite() < pipeline.size())
                socket.write(pipeline);
            socket.waitForBytesWritten(50);
        }
        const qint64 after = m_server.residentKiB();
        qInfo("server RSS %lld -> %lld KiB with a client that never reads", before, after);
        QVERIFY2(after - before < 24 * 1024, "unread answers must not pile up without bound");
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 15000);
        QCOMPARE(http.get(QStringLiteral("/health")).status, 200);
        QVERIFY(m_server.isRunning());
    }
    void idleConnectionIsClosedButBusyOneIsNot()
    {
        QTcpSocket idle;
        idle.connectToHost(m_server.baseUrl().host(), quint16(m_server.port()));
        QVERIFY(idle.waitForConnected(5000));
        QElapsedTimer elapsed;
        elapsed.start();
        QTRY_COMPARE_WITH_TIMEOUT(idle.state(), QAbstractSocket::UnconnectedState, 15000);
        QVERIFY2(elapsed.elapsed() >= 1500, "closed before the 2 s idle timeout");

        // A keep-alive connection in use stays open across requests.
        QTcpSocket active;
        active.connectToHost(m_server.baseUrl().host(), quint16(m_server.port()));
        QVERIFY(active.waitForConnected(5000));
        for (int i = 0; i < 3; ++i) {
            active.write(LoadGenerator::rawRequest("GET", QStringLiteral("/health")));
            QTRY_VERIFY_WITH_TIMEOUT(active.bytesAvailable() > 0, 5000);
            QVERIFY(active.readAll().startsWith("HTTP/1.1 200"));
        }
        QCOMPARE(active.state(), QAbstractSocket::ConnectedState);
    }
};

QTEST_GUILESS_MAIN(TestResourceLimits)
#include "tst_resourcelimits.moc"
