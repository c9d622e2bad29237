#include "flagdraft.h"

#include "jsontext.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <cmath>

namespace FlagDraft {
namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("FlagDraft", text);
}

// Line and column (1-based, in characters) of the UTF-8 byte `offset` of `utf8`.
std::pair<int, int> position(const QByteArray &utf8, qsizetype offset)
{
    const QString before = QString::fromUtf8(utf8.left(std::max<qsizetype>(0, offset)));
    const int line = int(before.count(QLatin1Char('\n'))) + 1;
    const int column = int(before.size() - (before.lastIndexOf(QLatin1Char('\n')) + 1)) + 1;
    return {line, column};
}
} // namespace

Parsed parseValue(const QString &text)
{
    Parsed parsed;
    const QByteArray utf8 = text.toUtf8();
    if (utf8.trimmed().isEmpty()) {
        parsed.error = tr("Type a value: an object, a number, true/false or a \"string\".");
        parsed.line = parsed.column = 1;
        return parsed;
    }
    // Wrapped in an array: QJsonDocument takes no bare scalar, the array takes any value.
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson('[' + utf8 + "\n]", &error);
    if (error.error != QJsonParseError::NoError) {
        // The offset counts the '[' we added; past the end means "something is missing".
        const auto [line, column] =
            position(utf8, std::min<qsizetype>(error.offset - 1, utf8.size()));
        parsed.error = error.errorString();
        parsed.line = line;
        parsed.column = column;
        return parsed;
    }
    const QJsonArray array = document.array();
    if (array.size() != 1) {
        parsed.error = tr("one value expected, found %1").arg(array.size());
        parsed.line = parsed.column = 1;
        return parsed;
    }
    const QJsonValue value = array.first();
    if (value.isNull() || value.isArray()) {
        parsed.error = tr("a flag value is an object, a number, a boolean or a string");
        parsed.line = parsed.column = 1;
        return parsed;
    }
    parsed.value = value;
    return parsed;
}

bool isValidKey(const QString &key)
{
    static const QRegularExpression rule(QStringLiteral("^[a-z0-9._:-]{1,100}$"));
    return rule.match(key).hasMatch();
}

bool isBuiltinKey(const QString &key)
{
    return key.startsWith(QLatin1String("booking.")) || key.startsWith(QLatin1String("sales."));
}

std::optional<double> percentOf(const QJsonValue &value)
{
    const QJsonValue percent = value.toObject().value(QLatin1String("percent"));
    if (!value.isObject() || !percent.isDouble())
        return std::nullopt;
    return percent.toDouble();
}

QJsonValue withPercent(const QJsonValue &object, double percent)
{
    QJsonObject result = object.toObject();
    const double tenths = std::round(std::clamp(percent, 0.0, 100.0) * 10);
    // Whole numbers as integers, so "percent": 5 does not turn into 5.0 in the text.
    if (std::fmod(tenths, 10) == 0)
        result.insert(QStringLiteral("percent"), qint64(tenths / 10));
    else
        result.insert(QStringLiteral("percent"), tenths / 10);
    return result;
}

QString format(const QJsonValue &value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Indented))
            .trimmed();
    return JsonText::compact(value);
}

} // namespace FlagDraft
