// The HTTP/1.1 request parser on its own, byte by byte: what it accepts, and
// that everything ambiguous (the framing a second parser could read otherwise)
// is refused once, with the right code, and nothing after it is parsed.
#include "apilimits.h"
#include "http/httprequestparser.h"

#include <QtTest>

namespace {
using Event = HttpRequestParser::Event;

struct Outcome
{
    QList<HttpParsedRequest> requests;
    bool failed = false;
    HttpParseError error;
};

// Feeds `bytes` in pieces of `step` bytes and collects what comes out.
Outcome parse(const QByteArray &bytes, qsizetype step = 0)
{
    HttpRequestParser parser(Limits::kMaxBodyBytes);
    Outcome outcome;
    if (step <= 0)
        step = qMax<qsizetype>(1, bytes.size());
    for (qsizetype at = 0; at < bytes.size() && !outcome.failed; at += step) {
        parser.feed(bytes.mid(at, step));
        for (;;) {
            const Event event = parser.next();
            if (event == Event::NeedMore)
                break;
            if (event == Event::Error) {
                outcome.failed = true;
                outcome.error = parser.error();
                break;
            }
            outcome.requests << parser.takeRequest();
        }
    }
    return outcome;
}

QByteArray get(const QByteArray &extraHeaders = {})
{
    return "GET /shows HTTP/1.1\r\nHost: x\r\n" + extraHeaders + "\r\n";
}

QString describe(const Outcome &outcome)
{
    if (outcome.failed)
        return QStringLiteral("refused: %1 %2")
            .arg(errorCodeName(outcome.error.code), outcome.error.message);
    return QStringLiteral("%1 request(s)").arg(outcome.requests.size());
}
} // namespace

class TestHttpRequestParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void wellFormedRequestIsParsedWhateverTheChunking_data()
    {
        QTest::addColumn<int>("step");
        QTest::newRow("all at once") << 0;
        QTest::newRow("byte by byte") << 1;
        QTest::newRow("seven bytes at a time") << 7;
    }

    void wellFormedRequestIsParsedWhateverTheChunking()
    {
        QFETCH(int, step);
        const QByteArray wire = "\r\nPOST /shows/1/book?x=1 HTTP/1.1\r\nHost: x\r\n"
                                "Content-Type:application/json \t\r\nX-Empty:\r\n"
                                "Content-Length: 5\r\n\r\nhello"
                                "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        const Outcome outcome = parse(wire, step);
        QVERIFY2(!outcome.failed && outcome.requests.size() == 2, qPrintable(describe(outcome)));
        const HttpParsedRequest &post = outcome.requests.at(0);
        QCOMPARE(post.method, QByteArray("POST"));
        QCOMPARE(post.target, QByteArray("/shows/1/book?x=1"));
        QCOMPARE(post.value("content-type"), QByteArray("application/json"));
        QCOMPARE(post.value("x-empty"), QByteArray());
        QVERIFY(post.has("x-empty"));
        QCOMPARE(post.body, QByteArray("hello"));
        QVERIFY(post.keepAlive);
        QCOMPARE(outcome.requests.at(1).target, QByteArray("/health"));
        QVERIFY2(!outcome.requests.at(1).keepAlive, "Connection: close ends the connection");
    }

    void onlySpaceAndTabAreStrippedAroundValues()
    {
        const QByteArray bom = "\xEF\xBB\xBF";
        const QByteArray nbsp = "\xC2\xA0";
        const Outcome outcome = parse(get("Idempotency-Key: \t" + bom + "key" + nbsp +
                                          " \t\r\nX-V: \x0b"
                                          "a\r\n"));
        QVERIFY2(outcome.requests.size() == 1, qPrintable(describe(outcome)));
        QCOMPARE(outcome.requests.at(0).value("idempotency-key"), bom + "key" + nbsp);
        QCOMPARE(outcome.requests.at(0).value("x-v"), QByteArray("\x0b"
                                                                 "a"));
    }

    void refusedRequests_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<QString>("code");
        const QString bad = QStringLiteral("bad_request");
        const QString headers = QStringLiteral("headers_too_large");
        const QString large = QStringLiteral("payload_too_large");
        QByteArray many;
        for (int i = 0; i < 101; ++i)
            many += "X-" + QByteArray::number(i) + ": a\r\n";
        const QByteArray smuggled = "GET /shows/1 HTTP/1.1\r\nHost: x\r\n\r\n";
        QTest::newRow("101 header fields")
            << "POST /shows/1/book HTTP/1.1\r\nHost: x\r\n" + many +
                   "Content-Length: " + QByteArray::number(smuggled.size()) + "\r\n\r\n" + smuggled
            << headers;
        QTest::newRow("header line over 8 KiB")
            << get("X-Big: " + QByteArray(8200, 'a') + "\r\n") << headers;
        QTest::newRow("endless header line")
            << "GET / HTTP/1.1\r\nX: " + QByteArray(9000, 'a') << headers;
        QTest::newRow("space before colon") << get("Content-Length : 5\r\n") << bad;
        QTest::newRow("tab before colon") << get("Content-Length\t: 5\r\n") << bad;
        QTest::newRow("NUL before colon") << get(QByteArray("X-A\0: 1\r\n", 9)) << bad;
        QTest::newRow("no colon") << get("Content-Length 5\r\n") << bad;
        QTest::newRow("empty name") << get(": 5\r\n") << bad;
        QTest::newRow("obs-fold") << get("X-A: 1\r\n continued\r\n") << bad;
        QTest::newRow("bare LF line end") << QByteArray("GET / HTTP/1.1\nHost: x\n\n") << bad;
        QTest::newRow("bare CR in a header") << get("X-A: 1\r2\r\n") << bad;
        QTest::newRow("HTTP/1.1 without Host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << bad;
        QTest::newRow("two Host") << get("Host: y\r\n") << bad;
        QTest::newRow("Content-Length abc") << get("Content-Length: abc\r\n") << bad;
        QTest::newRow("Content-Length -1") << get("Content-Length: -1\r\n") << bad;
        QTest::newRow("Content-Length +5") << get("Content-Length: +5\r\n") << bad;
        QTest::newRow("Content-Length overflowing")
            << get("Content-Length: 99999999999999999999999\r\n") << bad;
        QTest::newRow("Content-Length list") << get("Content-Length: 5, 5\r\n") << bad;
        QTest::newRow("Content-Length twice, equal")
            << get("Content-Length: 5\r\nContent-Length: 5\r\n") << bad;
        QTest::newRow("Content-Length 1 and 20")
            << get("Content-Length: 1\r\nContent-Length: 20\r\n") << bad;
        QTest::newRow("Transfer-Encoding with Content-Length")
            << get("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n") << bad;
        QTest::newRow("Transfer-Encoding gzip") << get("Transfer-Encoding: gzip\r\n") << bad;
        QTest::newRow("Transfer-Encoding gzip, chunked")
            << get("Transfer-Encoding: gzip, chunked\r\n") << bad;
        QTest::newRow("Transfer-Encoding twice")
            << get("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n") << bad;
        QTest::newRow("chunked on HTTP/1.0")
            << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n") << bad;
        QTest::newRow("two Idempotency-Key")
            << get("Idempotency-Key: a\r\nIdempotency-Key: b\r\n") << bad;
        QTest::newRow("two Authorization")
            << get("Authorization: a\r\nauthorization: a\r\n") << bad;
        QTest::newRow("two Content-Type")
            << get("Content-Type: application/json\r\nContent-Type: text/plain\r\n") << bad;
        const QByteArray chunked =
            "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
        QTest::newRow("chunk size ZZ") << chunked + "ZZ\r\nhello\r\n0\r\n\r\n" << bad;
        QTest::newRow("chunk size of 18 hex digits") << chunked + "000000000000000005\r\n" << bad;
        QTest::newRow("chunk size empty") << chunked + "\r\n" << bad;
        QTest::newRow("chunk size negative") << chunked + "-5\r\n" << bad;
        QTest::newRow("chunk without CRLF") << chunked + "5\r\nhelloX0\r\n\r\n" << bad;
        QTest::newRow("chunk size line endless") << chunked + QByteArray(2000, '1') << bad;
        QTest::newRow("chunks past the body limit")
            << chunked + "8000\r\n" + QByteArray(0x8000, 'a') + "\r\n8001\r\n"
            << large;
        QTest::newRow("one chunk past the body limit") << chunked + "ffffffffffffffff\r\n" << large;
        QTest::newRow("Content-Length past the body limit")
            << get("Content-Length: " + QByteArray::number(Limits::kMaxBodyBytes + 1) + "\r\n")
            << large;
        // Request lines.
        QTest::newRow("no version") << QByteArray("GET /shows\r\n\r\n") << bad;
        QTest::newRow("two spaces after method") << QByteArray("GET  /shows HTTP/1.1\r\n") << bad;
        QTest::newRow("two spaces before version") << QByteArray("GET /shows  HTTP/1.1\r\n") << bad;
        QTest::newRow("trailing space") << QByteArray("GET /shows HTTP/1.1 \r\n") << bad;
        QTest::newRow("tab as separator") << QByteArray("GET\t/shows HTTP/1.1\r\n") << bad;
        QTest::newRow("target without slash") << QByteArray("GET shows HTTP/1.1\r\n") << bad;
        QTest::newRow("absolute target") << QByteArray("GET http://x/shows HTTP/1.1\r\n") << bad;
        QTest::newRow("asterisk target") << QByteArray("OPTIONS * HTTP/1.1\r\n") << bad;
        QTest::newRow("control byte in target") << QByteArray("GET /sh\x01ows HTTP/1.1\r\n") << bad;
        QTest::newRow("NUL in target") << QByteArray("GET /sh\0ows HTTP/1.1\r\n", 22) << bad;
        QTest::newRow("non-ASCII in target") << QByteArray("GET /sh\xC3\xB6ws HTTP/1.1\r\n") << bad;
        QTest::newRow("fragment in target") << QByteArray("GET /shows#x HTTP/1.1\r\n") << bad;
        QTest::newRow("HTTP/2.0") << QByteArray("GET / HTTP/2.0\r\n") << bad;
        QTest::newRow("HTTP/1.2") << QByteArray("GET / HTTP/1.2\r\n") << bad;
        QTest::newRow("lower-case version") << QByteArray("GET / http/1.1\r\n") << bad;
        QTest::newRow("method not a token") << QByteArray("G(T / HTTP/1.1\r\n") << bad;
        QTest::newRow("request line over the limit")
            << "GET /" + QByteArray(HttpRequestParser::kMaxRequestLineBytes, 'a') << bad;
    }

    void refusedRequests()
    {
        QFETCH(QByteArray, wire);
        QFETCH(QString, code);
        for (const qsizetype step : {qsizetype(0), qsizetype(1)}) {
            const Outcome outcome = parse(wire, step);
            QVERIFY2(outcome.failed && errorCodeName(outcome.error.code) == code,
                     qPrintable(QStringLiteral("step %1: expected refused with %2, seen %3")
                                    .arg(step)
                                    .arg(code, describe(outcome))));
            QVERIFY2(outcome.requests.isEmpty(),
                     qPrintable(QStringLiteral("a refused request yields no request, seen %1")
                                    .arg(outcome.requests.size())));
            QVERIFY2(!outcome.error.message.isEmpty(), "a refusal says why");
        }
    }

    void nothingIsParsedAfterARefusal()
    {
        HttpRequestParser parser(Limits::kMaxBodyBytes);
        parser.feed("GET /shows\r\n");
        QCOMPARE(parser.next(), Event::Error);
        parser.feed(get());
        QCOMPARE(parser.next(), Event::Error);
        QVERIFY(parser.failed());
    }

    void contentLengthOverTheLimitIsRefusedBeforeTheBody()
    {
        HttpRequestParser parser(Limits::kMaxBodyBytes);
        parser.feed("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1073741824\r\n\r\n");
        QCOMPARE(parser.next(), Event::Error);
        QCOMPARE(parser.error().code, ErrorCode::PayloadTooLarge);
    }

    void chunkedBodyWithExtensionsAndTrailersIsAccepted()
    {
        const QByteArray wire = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: Chunked\r\n\r\n"
                                "5;x=y\r\nhello\r\n1\r\n!\r\n0\r\nX-Trailer: 1\r\n\r\n"
                                "GET /next HTTP/1.1\r\nHost: x\r\n\r\n";
        for (const qsizetype step : {qsizetype(0), qsizetype(1), qsizetype(3)}) {
            const Outcome outcome = parse(wire, step);
            QVERIFY2(!outcome.failed && outcome.requests.size() == 2,
                     qPrintable(QStringLiteral("step %1: %2").arg(step).arg(describe(outcome))));
            QCOMPARE(outcome.requests.at(0).body, QByteArray("hello!"));
            QVERIFY2(!outcome.requests.at(0).has("x-trailer"), "trailers are discarded");
            QCOMPARE(outcome.requests.at(1).target, QByteArray("/next"));
        }
    }

    void hundredHeaderFieldsAndEightKiBLinesAreFine()
    {
        QByteArray many;
        for (int i = 0; i < 99; ++i) // plus Host: 100 fields
            many += "X-" + QByteArray::number(i) + ": a\r\n";
        const Outcome outcome = parse(get(many));
        QVERIFY2(outcome.requests.size() == 1, qPrintable(describe(outcome)));
        const QByteArray line =
            "X-Big: " + QByteArray(HttpRequestParser::kMaxHeaderLineBytes - 7, 'a');
        const Outcome big = parse(get(line + "\r\n"));
        QVERIFY2(big.requests.size() == 1, qPrintable(describe(big)));
    }

    void keepAliveFollowsTheVersion_data()
    {
        QTest::addColumn<QByteArray>("wire");
        QTest::addColumn<bool>("keepAlive");
        QTest::newRow("1.1") << QByteArray("GET / HTTP/1.1\r\nHost: x\r\n\r\n") << true;
        QTest::newRow("1.1 close")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: Close\r\n\r\n") << false;
        QTest::newRow("1.1 list with close")
            << QByteArray("GET / HTTP/1.1\r\nHost: x\r\nConnection: te, close\r\n\r\n") << false;
        QTest::newRow("1.0 without Host") << QByteArray("GET / HTTP/1.0\r\n\r\n") << false;
        QTest::newRow("1.0 keep-alive")
            << QByteArray("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << true;
    }

    void keepAliveFollowsTheVersion()
    {
        QFETCH(QByteArray, wire);
        QFETCH(bool, keepAlive);
        const Outcome outcome = parse(wire);
        QVERIFY2(outcome.requests.size() == 1, qPrintable(describe(outcome)));
        QCOMPARE(outcome.requests.at(0).keepAlive, keepAlive);
    }

    void expectContinueIsAwaitedUntilTheBodyStarts()
    {
        HttpRequestParser parser(Limits::kMaxBodyBytes);
        parser.feed(
            "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n");
        QCOMPARE(parser.next(), Event::NeedMore);
        QVERIFY2(parser.awaitingContinue(), "headers done, body held back: 100 Continue is due");
        parser.feed("h");
        QCOMPARE(parser.next(), Event::NeedMore);
        QVERIFY2(!parser.awaitingContinue(), "the body has started");
        parser.feed("i");
        QCOMPARE(parser.next(), Event::Request);
        QCOMPARE(parser.takeRequest().body, QByteArray("hi"));
        QVERIFY(!parser.awaitingContinue());
    }
};

QTEST_GUILESS_MAIN(TestHttpRequestParser)
#include "tst_httprequestparser.moc"
