#include "jsontext.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace JsonText {

QByteArray toBytes(const QJsonValue &value)
{
    // Wrapped in an array and unwrapped again: the array's writer handles scalars.
    const QByteArray wrapped = QJsonDocument(QJsonArray{value}).toJson(QJsonDocument::Compact);
    return wrapped.mid(1, wrapped.size() - 2);
}

QString compact(const QJsonValue &value)
{
    return QString::fromUtf8(toBytes(value));
}

} // namespace JsonText
