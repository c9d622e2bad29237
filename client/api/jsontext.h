#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QString>

// Writing a flag's JSON value: a flag value may be a bare number, string or
// boolean, which QJsonDocument (objects and arrays only) cannot serialise.
namespace JsonText {

// Compact UTF-8 JSON of any value: {"percent":5}, 120, true, "x", null.
QByteArray toBytes(const QJsonValue &value);
// The same as text, for tables ("{"model":"x","percent":1}").
QString compact(const QJsonValue &value);

} // namespace JsonText
