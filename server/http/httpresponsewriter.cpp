#include "httpresponsewriter.h"

#include "timestamps.h"

#include <QDateTime>

QByteArray HttpResponseWriter::serialise(const ApiResponse &response, bool close, bool headOnly,
                                         Framing framing)
{
    QByteArray out;
    out.reserve(192 + response.body.size());
    out += "HTTP/1.1 " + QByteArray::number(response.status) + ' ' +
           ApiResponse::reasonPhrase(response.status) + "\r\n";
    if (!response.contentType.isEmpty())
        out += "Content-Type: " + response.contentType + "\r\n";
    if (framing == Framing::Length)
        out += "Content-Length: " + QByteArray::number(response.body.size()) + "\r\n";
    else if (framing == Framing::Chunked)
        out += "Transfer-Encoding: chunked\r\n";
    out += "Date: " + Timestamps::toHttpDate(QDateTime::currentDateTimeUtc()).toLatin1() + "\r\n";
    for (const auto &[name, value] : response.headers)
        out += name + ": " + value + "\r\n";
    if (close)
        out += "Connection: close\r\n";
    out += "\r\n";
    if (!headOnly && framing == Framing::Length)
        out += response.body;
    return out;
}

QByteArray HttpResponseWriter::chunk(const QByteArray &bytes)
{
    return QByteArray::number(bytes.size(), 16) + "\r\n" + bytes + "\r\n";
}
