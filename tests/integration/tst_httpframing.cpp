// The HTTP framing the server accepts, over raw sockets against the real
// server: a request whose framing is ambiguous (smuggling), malformed or too
// large gets exactly one JSON answer and the connection is closed, so nothing
// after it is ever parsed as another request; chunked bodies, trailers,
// HTTP/1.0, Connection: close and Expect: 100-continue work as RFC 9112 says.
#include "apitestbench.h"
#include "rawhttpconnection.h"

#include <QElapsedTimer>
#include <QtTest>

class TestHttpFraming : public QObject
{
    Q_OBJECT

private:
    ApiTestBench m_bench;
    qint64 m_showId = 0;

    QByteArray booking(const QByteArray &user = "Framing") const
    {
        return "{\"user_name\":\"" + user + "\",\"seats\":1}";
    }
    QByteArray bookLine() const
    {
        return "POST /shows/" + QByteArray::number(m_showId) + "/book HTTP/1.1\r\n";
    }
    qint64 bookings() { return m_bench.sqlValue(QStringLiteral("SELECT count(*) FROM bookings")); }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(m_bench.start({QStringLiteral("--idle-timeout"), QStringLiteral("30")}),
                 qPrintable(m_bench.errorString()));
        m_showId = m_bench.createShow(QStringLiteral("Framing"), 1000);
        QVERIFY(m_showId > 0);
    }

    void cleanupTestCase()
    {
        const QString problem = m_bench.endStateProblem();
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    // Each wire is followed by a well-formed GET /health: it must never be
    // answered, since after a refusal the connection's bytes have no framing.
    void refusedRequestGetsOneAnswerAndTheConnectionCloses_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("code");
        const QByteArray book = bookLine();
        const QByteArray body = booking();
        const QByteArray length = "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
        const QByteArray json = "Content-Type: application/json\r\n";
        QByteArray many;
        for (int i = 0; i < 101; ++i)
            many += "X-" + QByteArray::number(i) + ": a\r\n";
        const QByteArray smuggled =
            "GET /shows/" + QByteArray::number(m_showId) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        QTest::newRow("issue probe: 101 headers, a request as body")
            << book + "Host: x\r\n" + many +
                   "Content-Length: " + QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled
            << 431 << "headers_too_large";
        QTest::newRow("header line over 8 KiB")
            << book + "Host: x\r\nX-Big: " + QByteArray(9000, 'a') + "\r\n" + json + length +
                   "\r\n" + body
            << 431 << "headers_too_large";
        const auto malformed = [&](const char *name, const QByteArray &line) {
            QTest::newRow(name) << book + "Host: x\r\n" + line + "\r\n" + json + length + "\r\n" +
                                       body
                                << 400 << "bad_request";
        };
        malformed("space before colon", "X-A : 1");
        malformed("tab before colon", "X-A\t: 1");
        malformed("NUL before colon", QByteArray("X-A\0: 1", 7));
        malformed("no colon", "X-A 1");
        malformed("empty name", ": 1");
        malformed("obs-fold", "X-A: 1\r\n folded");
        malformed("Content-Length twice, equal", length.trimmed());
        malformed("Content-Length 1 and 20", "Content-Length: 1");
        malformed("Transfer-Encoding with Content-Length", "Transfer-Encoding: chunked");
        malformed("duplicate Host", "Host: y");
        malformed("duplicate Idempotency-Key", "Idempotency-Key: a\r\nIdempotency-Key: b");
        malformed("duplicate Authorization", "Authorization: a\r\nAuthorization: a");
        malformed("duplicate Content-Type", "Content-Type: application/json");
        QTest::newRow("HTTP/1.1 without Host")
            << book + json + length + "\r\n" + body << 400 << "bad_request";
        const auto badLength = [&](const char *name, const QByteArray &value) {
            QTest::newRow(name) << book + "Host: x\r\n" + json + "Content-Length: " + value +
                                       "\r\n\r\n" + body
                                << 400 << "bad_request";
        };
        badLength("Content-Length abc", "abc");
        badLength("Content-Length -1", "-1");
        badLength("Content-Length overflowing", "18446744073709551617");
        const QByteArray chunked =
            book + "Host: x\r\n" + json + "Transfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("Transfer-Encoding gzip")
            << book + "Host: x\r\n" + json + "Transfer-Encoding: gzip\r\n\r\n" + body << 400
            << "bad_request";
        QTest::newRow("chunk size ZZ") << chunked + "ZZ\r\n" + body + "\r\n0\r\n\r\n"
                                       << 400 << "bad_request";
        QTest::newRow("chunk size of 18 hex digits")
            << chunked + "0000000000000000" + QByteArray::number(body.size(), 16) + "\r\n" + body +
                   "\r\n0\r\n\r\n"
            << 400 << "bad_request";
        QTest::newRow("chunk without its CRLF")
            << chunked + QByteArray::number(body.size(), 16) + "\r\n" + body + "0\r\n\r\n"
            << 400 << "bad_request";
        const auto badLine = [&](const char *name, const QByteArray &line) {
            QTest::newRow(name) << line + "\r\nHost: x\r\n\r\n" << 400 << "bad_request";
        };
        badLine("request line without version", "GET /health");
        badLine("two spaces in the request line", "GET  /health HTTP/1.1");
        badLine("two spaces before the version", "GET /health  HTTP/1.1");
        badLine("target without a slash", "GET health HTTP/1.1");
        badLine("control byte in the target", "GET /hea\x7flth HTTP/1.1");
        badLine("unknown version", "GET /health HTTP/3.0");
        QTest::newRow("body over the limit, declared")
            << book + "Host: x\r\n" + json + "Content-Length: 10000000\r\n\r\n" + body << 413
            << "payload_too_large";
        QTest::newRow("body over the limit, chunked")
            << chunked + "10001\r\n" + QByteArray(1000, ' ') << 413 << "payload_too_large";
    }

    void refusedRequestGetsOneAnswerAndTheConnectionCloses()
    {
        QFETCH(QByteArray, wire);
        QFETCH(int, status);
        QFETCH(QString, code);
        const qint64 before = bookings();
        RawHttpConnection connection(m_bench.server().baseUrl());
        QVERIFY(connection.isConnected());
        connection.write(wire + "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY2(connection.waitForClose(10000), "the server should close after a refusal");
        const auto responses = connection.responses();
        QVERIFY2(
            responses.size() == 1,
            qPrintable(QStringLiteral("expected exactly one answer, seen %1: %2")
                           .arg(responses.size())
                           .arg(responses.isEmpty() ? QString() : responses.last().describe())));
        const auto &response = responses.first();
        QVERIFY2(response.status == status && response.code() == code,
                 qPrintable(QStringLiteral("expected %1 %2, seen %3")
                                .arg(status)
                                .arg(code, response.describe())));
        QVERIFY2(response.object().value("error").isString(), qPrintable(response.describe()));
        QCOMPARE(response.header("Content-Type"), QByteArray("application/json"));
        QCOMPARE(response.header("Connection").toLower(), QByteArray("close"));
        QCOMPARE(bookings(), before);
    }

    void tooLargeBodyIsRefusedBeforeItIsSent()
    {
        RawHttpConnection connection(m_bench.server().baseUrl());
        QElapsedTimer elapsed;
        elapsed.start();
        connection.write(bookLine() +
                         "Host: x\r\nContent-Type: application/json\r\nContent-Length: "
                         "1073741824\r\n\r\n");
        const auto responses = connection.read(1, 10000);
        QVERIFY2(responses.size() == 1 && responses.first().status == 413,
                 "a declared 1 GiB body gets 413 without being sent");
        QVERIFY2(elapsed.elapsed() < 10000, "answered at once, not at the 30 s idle timeout");
        QVERIFY(connection.waitForClose(10000));
    }

    void chunkedBodyWithExtensionsAndTrailersIsAnswered()
    {
        const qint64 before = bookings();
        const QByteArray body = booking("Chunky");
        RawHttpConnection connection(m_bench.server().baseUrl());
        connection.write(bookLine() +
                         "Host: x\r\nContent-Type: application/json\r\nTransfer-Encoding: "
                         "chunked\r\n\r\n5;name=value\r\n" +
                         body.left(5) + "\r\n" + QByteArray::number(body.size() - 5, 16) + "\r\n" +
                         body.mid(5) + "\r\n0\r\nX-Trailer: 1\r\n\r\n" +
                         "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto responses = connection.read(2);
        QVERIFY2(responses.size() == 2,
                 qPrintable(QStringLiteral("expected 2 answers, seen %1").arg(responses.size())));
        QVERIFY2(responses.at(0).status == 201, qPrintable(responses.at(0).describe()));
        QCOMPARE(responses.at(0).object().value("user_name").toString(), QStringLiteral("Chunky"));
        QCOMPARE(responses.at(1).status, 200);
        QVERIFY2(connection.isConnected(), "a good chunked request keeps the connection");
        QCOMPARE(bookings(), before + 1);
    }

    void http10IsClosedUnlessItAsksForKeepAlive()
    {
        RawHttpConnection plain(m_bench.server().baseUrl());
        plain.write("GET /health HTTP/1.0\r\n\r\n");
        QVERIFY2(plain.waitForClose(5000), "an HTTP/1.0 answer ends the connection");
        QCOMPARE(plain.responses().size(), 1);
        QCOMPARE(plain.responses().first().status, 200);

        RawHttpConnection kept(m_bench.server().baseUrl());
        kept.write("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QCOMPARE(kept.read(1).size(), 1);
        kept.write("GET /health HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
        QCOMPARE(kept.read(2).size(), 2);
        QVERIFY2(kept.isConnected(), "keep-alive was asked for");

        RawHttpConnection closing(m_bench.server().baseUrl());
        closing.write("GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                      "GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        QVERIFY(closing.waitForClose(5000));
        QVERIFY2(closing.responses().size() == 1,
                 "nothing after a Connection: close request is answered");
    }

    void expectContinueGets100BeforeTheBody()
    {
        const QByteArray body = booking("Patient");
        RawHttpConnection connection(m_bench.server().baseUrl());
        connection.write(bookLine() +
                         "Host: x\r\nContent-Type: application/json\r\nExpect: "
                         "100-continue\r\nContent-Length: " +
                         QByteArray::number(body.size()) + "\r\n\r\n");
        const auto interim = connection.read(1, 5000);
        QVERIFY2(interim.size() == 1 && interim.first().status == 100,
                 "100 Continue is sent while the client holds its body back");
        connection.write(body);
        const auto responses = connection.read(2);
        QVERIFY2(responses.size() == 2 && responses.at(1).status == 201,
                 qPrintable(responses.last().describe()));
    }

    void clientThatHalfClosesStillGetsItsAnswer()
    {
        RawHttpConnection connection(m_bench.server().baseUrl());
        connection.write("GET /health HTTP/1.1\r\nHost: x\r\n\r\n");
        connection.shutdownWrite();
        const auto responses = connection.read(1, 5000);
        QVERIFY2(responses.size() == 1 && responses.first().status == 200,
                 "a request sent before the client's FIN is answered");
    }

    void pathsAreSplitBeforeDecodingAndEchoedShort()
    {
        TestHttpClient &http = m_bench.http();
        const auto encoded = http.send("POST",
                                       QStringLiteral("/shows%2F") + QString::number(m_showId) +
                                           QStringLiteral("%2Fbook"),
                                       booking(), {{"Content-Type", "application/json"}});
        QVERIFY2(encoded.status == 404, qPrintable(encoded.describe()));
        RawHttpConnection connection(m_bench.server().baseUrl());
        connection.write("GET //shows/" + QByteArray::number(m_showId) +
                         " HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto slashes = connection.read(1);
        QVERIFY2(slashes.size() == 1 && slashes.first().status == 200,
                 "repeated slashes are ignored: //shows/1 is /shows/1");
        const QByteArray longPath = "/nothing/" + QByteArray(100 * 1024, 'a');
        connection.write("GET " + longPath + " HTTP/1.1\r\nHost: x\r\n\r\n");
        connection.write("PUT /shows" + QByteArray(100 * 1024, '/') +
                         " HTTP/1.1\r\nHost: x\r\n\r\n");
        const auto answers = connection.read(3);
        QVERIFY2(answers.size() == 3, "both long paths are answered");
        QVERIFY2(answers.at(1).status == 404 && answers.at(1).body.size() < 400,
                 qPrintable(QStringLiteral("expected a short 404, seen %1 of %2 bytes")
                                .arg(answers.at(1).status)
                                .arg(answers.at(1).body.size())));
        QVERIFY2(answers.at(2).status == 405 && answers.at(2).body.size() < 400,
                 qPrintable(QStringLiteral("expected a short 405, seen %1 of %2 bytes")
                                .arg(answers.at(2).status)
                                .arg(answers.at(2).body.size())));
    }

    void repeatedQueryParameterIsRefused_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<bool>("admin");
        QTest::newRow("listing limit")
            << QStringLiteral("/admin/shows/{show}/bookings?limit=1&limit=2") << true;
        QTest::newRow("encoded name")
            << QStringLiteral("/admin/shows/{show}/bookings?offset=1&%6Fffset=2") << true;
        QTest::newRow("a route without parameters") << QStringLiteral("/health?x=1&x=1") << false;
    }

    void repeatedQueryParameterIsRefused()
    {
        QFETCH(QString, path);
        QFETCH(bool, admin);
        path.replace(QLatin1String("{show}"), QString::number(m_showId));
        const auto reply = m_bench.http().get(path, admin);
        QVERIFY2(reply.status == 400 &&
                     reply.object().value("code").toString() == QStringLiteral("invalid_field"),
                 qPrintable(
                     QStringLiteral("expected 400 invalid_field, seen %1").arg(reply.describe())));
        QVERIFY2(!reply.object().value("field").toString().isEmpty(), "the parameter is named");
    }

    void unknownMethodIsAnsweredByTheRouter()
    {
        RawHttpConnection connection(m_bench.server().baseUrl());
        connection.write("BREW /shows HTTP/1.1\r\nHost: x\r\n\r\nBREW /nowhere HTTP/1.1\r\nHost: "
                         "x\r\n\r\n");
        const auto responses = connection.read(2);
        QVERIFY2(responses.size() == 2, "unknown methods are answered, not ignored");
        QVERIFY2(responses.at(0).status == 405, qPrintable(responses.at(0).describe()));
        QVERIFY2(responses.at(1).status == 404, qPrintable(responses.at(1).describe()));
    }
};

QTEST_GUILESS_MAIN(TestHttpFraming)
#include "tst_httpframing.moc"
