#pragma once

#include <QJsonValue>
#include <QString>

#include <optional>

// The flag editor's checks as the admin types, without widgets. They only help:
// the server judges keys and values strictly and its answer is what counts.
namespace FlagDraft {

// A flag value as typed: the value, or why not and where (1-based line and column).
struct Parsed
{
    std::optional<QJsonValue> value;
    QString error;
    int line = 0;
    int column = 0;
};

// One JSON value that is an object, a number, a boolean or a string, as the API takes.
Parsed parseValue(const QString &text);

// 1..100 characters of [a-z0-9._:-] (the contract's key rule).
bool isValidKey(const QString &key);
// booking.* and sales.*: typed built-ins, never rollouts.
bool isBuiltinKey(const QString &key);

// The rollout % of an object value (its "percent" member), if it has one.
std::optional<double> percentOf(const QJsonValue &value);
// `object` with its "percent" set to `percent` rounded to one decimal place.
QJsonValue withPercent(const QJsonValue &object, double percent);
// The text the editor shows for a value: indented objects, plain scalars.
QString format(const QJsonValue &value);

} // namespace FlagDraft
