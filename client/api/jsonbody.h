#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>

#include <optional>

// The first steps every body decoder takes (parse, check the top-level shape,
// read whole numbers), shared so that each decoder reports a body it cannot
// use in the same words: an ApiError::Kind::BadResponse.
namespace JsonBody {

DomainError badResponse(const QString &message);
Result<QJsonObject> parseObject(const QByteArray &body);
Result<QJsonArray> parseArray(const QByteArray &body);

// A whole number of at least `minimum`: JSON numbers are doubles, so 2.5 or
// 1e300 must not slip through as a count or an amount.
std::optional<qint64> wholeNumber(const QJsonValue &value, qint64 minimum);

// The object `body` holds, through `decode` (QJsonObject -> Result<T>).
template <typename Decode>
auto decodeObject(const QByteArray &body, Decode decode) -> decltype(decode(QJsonObject()))
{
    const auto object = parseObject(body);
    if (!object)
        return object.error();
    return decode(*object);
}

// Every entry of `array` through `decode` (QJsonObject -> Result<T>); the first
// entry that does not decode fails the whole list.
template <typename T, typename Decode>
Result<QList<T>> listOf(const QJsonArray &array, Decode decode)
{
    QList<T> items;
    items.reserve(array.size());
    for (const QJsonValue &value : array) {
        auto item = decode(value.toObject());
        if (!item)
            return item.error();
        items.append(*item);
    }
    return items;
}

} // namespace JsonBody
