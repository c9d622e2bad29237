#include "router.h"

#include <QCryptographicHash>
#include <QJsonObject>
#include <QMetaEnum>
#include <QStringDecoder>

#include <cctype>

namespace {
QFuture<ApiResponse> ready(ApiResponse response)
{
    return QtFuture::makeReadyFuture(std::move(response));
}

QByteArray methodName(QHttpServerRequest::Method method)
{
    return QByteArray(QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(method)))
        .toUpper();
}
// What a 404/405 quotes of the path: enough to recognise it, never the whole
// of a path a client made huge to have it mirrored back.
QString echoed(const QString &path)
{
    if (path.size() <= Router::kMaxEchoedPathLength)
        return path;
    return path.left(Router::kMaxEchoedPathLength) + QStringLiteral("...");
}

// The first query parameter that is given more than once, compared decoded.
QString repeatedParameter(const QUrlQuery &query)
{
    QStringList seen;
    for (const auto &[key, value] : query.queryItems(QUrl::FullyDecoded)) {
        if (seen.contains(key))
            return key;
        seen << key;
    }
    return {};
}
} // namespace

bool Router::splitPath(const QString &path, QStringList *segments)
{
    segments->clear();
    for (const QString &raw : path.split(QLatin1Char('/'), Qt::SkipEmptyParts)) {
        QByteArray decoded;
        const QByteArray bytes = raw.toUtf8();
        for (qsizetype i = 0; i < bytes.size(); ++i) {
            if (bytes.at(i) != '%') {
                decoded += bytes.at(i);
                continue;
            }
            const QByteArray hex = bytes.mid(i + 1, 2);
            const auto isHex = [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) != 0;
            };
            if (hex.size() != 2 || !isHex(hex.at(0)) || !isHex(hex.at(1)))
                return false;
            decoded += char(hex.toInt(nullptr, 16));
            i += 2;
        }
        QStringDecoder utf8(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
        const QString text = utf8(decoded);
        if (utf8.hasError())
            return false;
        *segments << text;
    }
    return true;
}

void Router::add(QHttpServerRequest::Method method, const QString &pattern, Access access,
                 Handler handler)
{
    m_routes.append(
        {method, pattern.split(QLatin1Char('/'), Qt::SkipEmptyParts), access, std::move(handler)});
}

bool Router::matches(const Route &route, const QStringList &segments, QStringList *arguments)
{
    if (route.segments.size() != segments.size())
        return false;
    QStringList captured;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &expected = route.segments.at(i);
        if (expected.startsWith(QLatin1Char(':')))
            captured << segments.at(i);
        else if (expected != segments.at(i))
            return false;
    }
    *arguments = captured;
    return true;
}

bool Router::authorised(const ApiRequest &request) const
{
    static const QByteArray prefix = "bearer ";
    // The scheme name is case-insensitive (RFC 7235).
    if (m_adminToken.isEmpty() || !request.authorization.toLower().startsWith(prefix))
        return false;
    // Compare digests so the time taken says nothing about how much of the token matched.
    const QByteArray given = request.authorization.mid(prefix.size()).trimmed();
    const auto digest = [](const QByteArray &value) {
        return QCryptographicHash::hash(value, QCryptographicHash::Sha256);
    };
    const QByteArray a = digest(given);
    const QByteArray b = digest(m_adminToken);
    unsigned char difference = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a.at(i) ^ b.at(i));
    return difference == 0;
}

QFuture<ApiResponse> Router::dispatch(ApiRequest request) const
{
    QStringList segments;
    if (!splitPath(request.path, &segments))
        return ready(ApiResponse::error(
            ErrorCode::BadRequest, QStringLiteral("The path is not valid percent-encoded UTF-8.")));
    QList<QByteArray> allowed;
    for (const Route &route : m_routes) {
        QStringList arguments;
        if (!matches(route, segments, &arguments))
            continue;
        // HEAD is GET without the body; the server drops the body when writing.
        const bool headAsGet = request.method == QHttpServerRequest::Method::Head &&
                               route.method == QHttpServerRequest::Method::Get;
        if (route.method != request.method && !headAsGet) {
            allowed << methodName(route.method);
            continue;
        }
        if (route.access == Access::Admin && !authorised(request))
            return ready(ApiResponse::error(
                ErrorCode::Unauthorized,
                QStringLiteral("This needs the admin token: Authorization: Bearer <token>.")));
        if (request.body.size() > kMaxBodyBytes)
            return ready(ApiResponse::error(
                ErrorCode::PayloadTooLarge,
                QStringLiteral("The request body is larger than %1 bytes.").arg(kMaxBodyBytes)));
        if (const QString repeated = repeatedParameter(request.query); !repeated.isNull())
            return ready(ApiResponse::error(
                ErrorCode::InvalidField,
                QStringLiteral("The query parameter '%1' is given more than once.")
                    .arg(echoed(repeated)),
                QJsonObject{{QStringLiteral("field"), echoed(repeated)}}));
        request.pathArguments = arguments;
        // Until staff accounts exist, the admin token is one shared identity.
        if (route.access == Access::Admin)
            request.actor = QStringLiteral("admin");
        return route.handler(request);
    }
    if (!allowed.isEmpty()) {
        ApiResponse response = ApiResponse::error(
            ErrorCode::MethodNotAllowed,
            QStringLiteral("%1 is not allowed on %2.")
                .arg(QString::fromLatin1(methodName(request.method)), echoed(request.path)));
        response.headers.append(qMakePair(QByteArray("Allow"), allowed.join(", ")));
        return ready(response);
    }
    return ready(ApiResponse::error(
        ErrorCode::NotFound, QStringLiteral("There is nothing at %1.").arg(echoed(request.path))));
}
