#include "apirequestbuilder.h"

#include <QList>
#include <QPair>
#include <QRandomGenerator>

#include <algorithm>
#include <cctype>

namespace {
QHttpServerRequest::Method methodOf(const QByteArray &token)
{
    using Method = QHttpServerRequest::Method;
    static const QList<QPair<QByteArray, Method>> methods = {
        {"GET", Method::Get},         {"HEAD", Method::Head},       {"POST", Method::Post},
        {"PUT", Method::Put},         {"DELETE", Method::Delete},   {"PATCH", Method::Patch},
        {"OPTIONS", Method::Options}, {"CONNECT", Method::Connect}, {"TRACE", Method::Trace}};
    for (const auto &[name, method] : methods) {
        if (name == token)
            return method;
    }
    // A well-formed method the router does not know: it answers 404 or 405.
    return Method::Unknown;
}
} // namespace

ApiResponse ApiRequestBuilder::withRequestId(ApiResponse response, const QByteArray &requestId)
{
    // The body is implicitly shared: this copies headers, not the answer.
    response.headers.append(qMakePair(QByteArray("X-Request-Id"), requestId));
    return response;
}

QByteArray ApiRequestBuilder::requestIdFrom(const QByteArray &given)
{
    // A client's id is kept when it cannot smuggle anything into a log line.
    const bool sane =
        !given.isEmpty() && given.size() <= 64 &&
        std::all_of(given.begin(), given.end(), [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
        });
    if (sane)
        return given;
    QByteArray bytes(12, Qt::Uninitialized);
    QRandomGenerator::global()->fillRange(reinterpret_cast<quint32 *>(bytes.data()),
                                          bytes.size() / 4);
    return bytes.toHex();
}

ApiRequest ApiRequestBuilder::fromParsed(const HttpParsedRequest &parsed)
{
    ApiRequest request;
    request.method = methodOf(parsed.method);
    const qsizetype question = parsed.target.indexOf('?');
    // Still percent-encoded: the router splits on '/' before decoding.
    request.path = QString::fromLatin1(question < 0 ? parsed.target : parsed.target.left(question));
    if (question >= 0)
        request.query = QUrlQuery(QString::fromLatin1(parsed.target.mid(question + 1)));
    request.body = parsed.body;
    request.contentType = parsed.value("content-type");
    request.authorization = parsed.value("authorization");
    request.idempotencyKey = parsed.value("idempotency-key");
    request.host = parsed.value("host");
    // Proxies may each add a header of their own; together they are one list.
    QList<QByteArray> forwarded;
    for (const auto &[name, value] : parsed.headers) {
        if (name == "x-forwarded-for")
            forwarded << value;
    }
    request.forwardedFor = forwarded.join(", ");
    request.requestId = requestIdFrom(parsed.value("x-request-id"));
    if (parsed.has("if-match"))
        request.ifMatch = parsed.value("if-match");
    request.closeAfterResponse = !parsed.keepAlive;
    request.headers = parsed.headers;
    return request;
}
