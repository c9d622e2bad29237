#include "hostilemessages.h"

#include "apilimits.h"

namespace HostileMessages {

void idempotencyKeys(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QList<QByteArray> keys = {
        QByteArray(Limits::kMaxIdempotencyKeyLength + 1 + g.pick(500), 'k'), "key\x01", "\x02",
        "a\x1b[31m",
        "k\x7f"
        "ey"};
    out->append({{},
                 QStringLiteral("POST /shows/:id/book"),
                 g.request("POST", "/shows/" + HostileRequests::number(g.targets().show) + "/book",
                           {"Idempotency-Key: " + g.pickFrom(keys)}, g.goodBooking())});
}

void idempotencyKeysNotAscii(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray base = "fuzz-" + HostileRequests::number(g.pick(1000000));
    const QList<QList<QByteArray>> headers = {
        {"Idempotency-Key: \xef\xbb\xbf" + base},
        {"Idempotency-Key: \xc2\xa0" + base + "\xc2\xa0"},
        {"Idempotency-Key: \xe2\x80\x83" + base},
        {"Idempotency-Key: " + base + "\xe3\x80\x80"},
        {"Idempotency-Key: cl\xc3\xa9-" + base},
        {"Idempotency-Key: \xf0\x9f\x98\x80" + base},
        {"Idempotency-Key: " + base + "\xe2\x80\x8b"},
        {"Idempotency-Key: a\tb" + base},
        {"Idempotency-Key: " + base, "Idempotency-Key: " + base + "x"}};
    out->append({{},
                 QStringLiteral("POST /shows/:id/book"),
                 g.request("POST", "/shows/" + HostileRequests::number(g.targets().show) + "/book",
                           g.pickFrom(headers), g.goodBooking())});
}

void badHeaders(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    QList<QByteArray> headers;
    QString variant;
    switch (g.pick(5)) {
    case 0:
        variant = QStringLiteral("a field over 8 KiB");
        headers << "X-Big: " + QByteArray(8 * 1024 + 1 + g.pick(4000), 'a');
        break;
    case 1:
        variant = QStringLiteral("over 100 fields");
        for (int i = 0, n = 101 + g.pick(50); i < n; ++i)
            headers << "X-" + HostileRequests::number(i) + ": a";
        break;
    case 2:
        variant = QStringLiteral("a malformed header line");
        headers << g.pickFrom(QList<QByteArray>{"X-Bad : 1", "X-Bad\t: 1",
                                                QByteArray("X-B\0ad: 1", 9), "JustAName", ": value",
                                                " X-Lead: 1"});
        break;
    default:
        break;
    }
    QByteArray bytes =
        g.request("POST", "/shows/" + HostileRequests::number(g.targets().show) + "/book", headers,
                  g.goodBooking());
    if (headers.isEmpty()) { // no Host, or two, on HTTP/1.1
        const bool none = g.pick(2);
        variant = none ? QStringLiteral("no Host") : QStringLiteral("two Hosts");
        bytes.replace("Host: 127.0.0.1:" + HostileRequests::number(g.targets().port) + "\r\n",
                      none ? QByteArray() : "Host: a\r\nHost: b\r\n");
    }
    out->append({{}, QStringLiteral("POST /shows/:id/book (%1)").arg(variant), bytes});
}

void framing(HostileRequests &g, QList<HostileRequests::Request> *out)
{
    const QByteArray show = HostileRequests::number(g.targets().show);
    const QByteArray host = "Host: 127.0.0.1:" + HostileRequests::number(g.targets().port) + "\r\n";
    const QByteArray body = g.goodBooking();
    const QByteArray length = HostileRequests::number(body.size());
    const QByteArray start = "POST /shows/" + show + "/book HTTP/1.1\r\n" + host +
                             "Connection: close\r\nContent-Type: application/json\r\n";
    const QByteArray smuggled = "POST /shows/" + show + "/book HTTP/1.1\r\n" + host +
                                "Content-Type: application/json\r\nContent-Length: " + length +
                                "\r\n\r\n" + body;
    QByteArray bytes;
    QString endpoint = QStringLiteral("POST /shows/:id/book");
    switch (g.pick(7)) {
    case 0: { // request lines
        const QList<QByteArray> lines = {"GET /shows",
                                         "GET",
                                         "/shows HTTP/1.1",
                                         "GET  /shows HTTP/1.1",
                                         "GET /shows  HTTP/1.1",
                                         "GET /shows HTTP/1.1 x",
                                         "GET /sh ows HTTP/1.1",
                                         "GET /shows HTTP/1.1x",
                                         "GET /shows HTTP/one",
                                         "\x01\x02\x03",
                                         "GET\t/shows\tHTTP/1.1",
                                         " GET /shows HTTP/1.1",
                                         "FOO /shows HTTP/1.1",
                                         "GET shows HTTP/1.1"};
        bytes = g.pickFrom(lines) + "\r\n" + host + "Connection: close\r\n\r\n";
        endpoint = QStringLiteral("GET /shows (malformed request line)");
        break;
    }
    case 1: // Content-Length twice, equal or not
        endpoint = QStringLiteral("POST /shows/:id/book (Content-Length twice)");
        bytes = start + "Content-Length: " + g.pickFrom(QList<QByteArray>{length, "1", "20"}) +
                "\r\nContent-Length: " + length + "\r\n\r\n" + body;
        break;
    case 2: // Content-Length that is not a plain decimal
        endpoint = QStringLiteral("POST /shows/:id/book (Content-Length not decimal)");
        bytes = start + "Content-Length: " +
                g.pickFrom(QList<QByteArray>{"abc", "-1", "+" + length,
                                             "0x" + QByteArray::number(body.size(), 16),
                                             "99999999999999999999", length + " " + length,
                                             length + "," + length, length + "a"}) +
                "\r\n\r\n" + body;
        break;
    case 3: // Transfer-Encoding with Content-Length
        endpoint = QStringLiteral("POST /shows/:id/book (Transfer-Encoding and Content-Length)");
        bytes = start + "Transfer-Encoding: chunked\r\nContent-Length: " + length + "\r\n\r\n" +
                QByteArray::number(body.size(), 16) + "\r\n" + body + "\r\n0\r\n\r\n";
        break;
    case 4: { // malformed chunks
        endpoint = QStringLiteral("POST /shows/:id/book (malformed chunk size)");
        const QList<QByteArray> sizes = {"ZZ", QByteArray(18, 'f'), "-1", "1 1", "0x10", ""};
        bytes = start + "Transfer-Encoding: chunked\r\n\r\n" + g.pickFrom(sizes) + "\r\n" + body +
                "\r\n0\r\n\r\n";
        break;
    }
    case 5: { // a malformed trailer after the last chunk (a well-formed one is a valid
              // request, answered 201: tst_httpframing proves that Qt 6.4's silence is gone)
        endpoint = QStringLiteral("POST /shows/:id/book (malformed trailer)");
        const QList<QByteArray> trailers = {"X-Trailer 1", "X-Trailer : 1", ": 1", " folded",
                                            "X\x01Trailer: 1"};
        bytes = start + "Transfer-Encoding: chunked\r\n\r\n" + QByteArray::number(body.size(), 16) +
                "\r\n" + body + "\r\n0\r\n" + g.pickFrom(trailers) + "\r\n\r\n";
        break;
    }
    default: { // the 101-header smuggling probe
        endpoint = QStringLiteral("POST /shows/:id/book (101-header smuggling probe)");
        bytes = "POST /shows/" + show + "/book HTTP/1.1\r\n" + host;
        for (int i = 0; i < 101; ++i)
            bytes += "X-" + HostileRequests::number(i) + ": a\r\n";
        bytes += "Content-Type: application/json\r\nContent-Length: " +
                 HostileRequests::number(smuggled.size()) + "\r\n\r\n" + smuggled;
    }
    }
    out->append({{}, endpoint, bytes});
}

} // namespace HostileMessages
