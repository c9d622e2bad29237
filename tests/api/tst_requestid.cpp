// Every answer names its request in X-Request-Id: a client's sane id is kept,
// anything else (or none) is replaced by one the server makes up, and the HTTP
// layer's own refusals, made before any route runs, carry one too. The audit
// log stores the same id (tst_audit finds entries by it).
#include "apitestbench.h"
#include "rawhttpresponse.h"

#include <QTcpSocket>
#include <QtTest>

class TestRequestId : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;

private Q_SLOTS:
    void initTestCase() { QVERIFY2(m_bench.start(), qPrintable(m_bench.errorString())); }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void everyAnswerCarriesItsRequestId()
    {
        const auto kept = m_bench.http().send("GET", QStringLiteral("/health"), {},
                                              {{"X-Request-Id", "client.id-42_x"}});
        QCOMPARE(kept.header("X-Request-Id"), QByteArray("client.id-42_x"));
        const auto notFound = m_bench.http().send("GET", QStringLiteral("/no/such/path"), {},
                                                  {{"X-Request-Id", "missing-path"}});
        QCOMPARE(notFound.status, 404);
        QCOMPARE(notFound.header("X-Request-Id"), QByteArray("missing-path"));
        const auto refused = m_bench.http().send("GET", QStringLiteral("/admin/audit"), {},
                                                 {{"X-Request-Id", "no-token"}});
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.header("X-Request-Id"), QByteArray("no-token"));
        // One that could smuggle text into a log line is replaced, not echoed.
        const auto replaced = m_bench.http().send("GET", QStringLiteral("/health"), {},
                                                  {{"X-Request-Id", "bad id;<script>"}});
        const QByteArray made = replaced.header("X-Request-Id");
        QVERIFY2(!made.isEmpty() && made != "bad id;<script>",
                 qPrintable("expected a server-made id, seen " + QString::fromLatin1(made)));
        const auto none = m_bench.http().get(QStringLiteral("/health"));
        QVERIFY2(!none.header("X-Request-Id").isEmpty(), "an answer without a client id gets one");
        QVERIFY2(none.header("X-Request-Id") != made, "made-up ids differ per request");

        // The HTTP layer's own refusal (no HTTP version: not a request) has one too.
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), m_bench.server().port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: x\r\n\r\n");
        QByteArray received;
        const QDeadlineTimer deadline(10000);
        QList<RawHttpResponse> answers;
        while (answers.isEmpty() && !deadline.hasExpired()) {
            if (socket.waitForReadyRead(100) || socket.bytesAvailable())
                received += socket.readAll();
            answers = RawHttpResponse::takeAll(&received);
            if (socket.state() != QAbstractSocket::ConnectedState && !socket.bytesAvailable())
                break;
        }
        QVERIFY2(answers.size() == 1 && answers.first().status == 400,
                 qPrintable("expected one 400, seen " + QString::fromLatin1(received.left(300))));
        QVERIFY2(!answers.first().header("X-Request-Id").isEmpty(),
                 qPrintable("the refusal names a request id: " + answers.first().describe()));
    }
};

QTEST_GUILESS_MAIN(TestRequestId)
#include "tst_requestid.moc"
