#include "jsonbody.h"

#include "apierror.h"

#include <QCoreApplication>
#include <QJsonDocument>

#include <cmath>
#include <limits>

namespace JsonBody {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ResponseDecoder", text);
}

Result<QJsonDocument> parse(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return badResponse(tr("malformed JSON (%1)").arg(parseError.errorString()));
    return document;
}

} // namespace

DomainError badResponse(const QString &message)
{
    return ApiError::make(ApiError::Kind::BadResponse, message);
}

Result<QJsonObject> parseObject(const QByteArray &body)
{
    const auto document = parse(body);
    if (!document)
        return document.error();
    if (!document->isObject())
        return badResponse(tr("expected a JSON object"));
    return document->object();
}

Result<QJsonArray> parseArray(const QByteArray &body)
{
    const auto document = parse(body);
    if (!document)
        return document.error();
    if (!document->isArray())
        return badResponse(tr("expected a JSON array"));
    return document->array();
}

std::optional<qint64> wholeNumber(const QJsonValue &value, qint64 minimum)
{
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    // 2^63 is the first double above qint64's range; comparing with it is exact.
    if (number < double(minimum) || number != std::floor(number) || number >= 9223372036854775808.0)
        return std::nullopt;
    return qint64(number);
}

} // namespace JsonBody
