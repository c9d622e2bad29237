#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

// One HTTP response as a test read it off a raw socket, and the one splitter
// of received bytes into responses that the raw-socket tests share (the
// fuzzer's RawExchange and the framing tests' RawHttpConnection), so that
// "how many answers came" means the same thing in both.
struct RawHttpResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers; // names and values as sent, trimmed
    QByteArray body;

    QByteArray header(const QByteArray &name) const; // case-insensitive; empty if absent
    QJsonObject object() const;                      // the body as a JSON object
    QString code() const;                            // its "code" member
    QString describe() const;                        // status and the start of the body

    // Takes every complete response off the front of *buffer and leaves the
    // rest there. A response starts with "HTTP/1." and its body is framed by
    // Content-Length; a 1xx, 204 or 304 without one has no body. Anything else
    // (a partial response, a response without a length, bytes that are no
    // response) stays in *buffer.
    static QList<RawHttpResponse> takeAll(QByteArray *buffer);
};
