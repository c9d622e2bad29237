#include "requestparsing.h"

#include "timestamps.h"
#include "json/strictjsonreader.h"

#include <algorithm>
#include <cmath>

namespace RequestParsing {

Result<qint64> id(const QString &text)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    const bool digitsOnly = !text.isEmpty() && text.size() <= 19 &&
                            std::all_of(text.begin(), text.end(),
                                        [](QChar c) { return c.isDigit() && c.unicode() < 128; });
    if (!ok || !digitsOnly || value <= 0)
        return Result<qint64>::failure(
            ErrorCode::InvalidId,
            QStringLiteral("'%1' is not a valid id; ids are positive integers.")
                .arg(text.left(40)));
    return value;
}

namespace {
// Only JSON's own whitespace (RFC 8259): a form feed or vertical tab is not
// "nothing", and offsets in error messages count from the body's first byte.
bool blankBody(const ApiRequest &request)
{
    return std::all_of(request.body.begin(), request.body.end(),
                       [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}
} // namespace

Result<QJsonObject> jsonObject(const ApiRequest &request, bool allowEmpty)
{
    if (blankBody(request)) {
        if (allowEmpty)
            return QJsonObject();
        return Result<QJsonObject>::failure(
            ErrorCode::InvalidJson, QStringLiteral("The request body must be a JSON object."));
    }
    const Result<QJsonValue> document = jsonValue(request);
    if (!document.ok())
        return document.error();
    if (!document->isObject())
        return Result<QJsonObject>::failure(
            ErrorCode::InvalidJson, QStringLiteral("The request body must be a JSON object."));
    return document->toObject();
}

Result<QJsonValue> jsonValue(const ApiRequest &request)
{
    if (blankBody(request))
        return QJsonValue(QJsonValue::Undefined);
    // No Content-Type is tolerated (old clients); a different one is a mistake worth naming.
    const QByteArray mediaType = request.contentType.split(';').first().trimmed().toLower();
    if (!mediaType.isEmpty() && mediaType != "application/json")
        return Result<QJsonValue>::failure(
            ErrorCode::UnsupportedMediaType,
            QStringLiteral("Send the body as application/json, not %1.")
                .arg(QString::fromLatin1(mediaType.left(80))));
    return StrictJsonReader::read(request.body);
}

Result<IfMatch> ifMatch(const ApiRequest &request)
{
    if (!request.ifMatch)
        return IfMatch{};
    const QByteArray text = request.ifMatch->trimmed();
    if (text == "*")
        return IfMatch{IfMatch::Kind::Any, 0};
    QByteArray digits = text;
    if (digits.size() >= 2 && digits.startsWith('"') && digits.endsWith('"'))
        digits = digits.mid(1, digits.size() - 2);
    // Versions come from a bigint sequence; 18 digits keep the parse from overflowing.
    const bool onlyDigits =
        !digits.isEmpty() && digits.size() <= 18 &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (!onlyDigits)
        return Result<IfMatch>::failure(
            ErrorCode::InvalidField,
            QStringLiteral("If-Match must be one version in quotes (\"7\") or *."),
            {{QStringLiteral("field"), QStringLiteral("If-Match")}});
    return IfMatch{IfMatch::Kind::Version, digits.toLongLong()};
}

Result<int> queryInt(const ApiRequest &request, const QString &name, int fallback, int min, int max)
{
    if (!request.query.hasQueryItem(name))
        return fallback;
    const QString text = request.query.queryItemValue(name);
    bool ok = false;
    const qlonglong value = text.toLongLong(&ok);
    if (!ok)
        return Result<int>::failure(ErrorCode::InvalidField,
                                    QStringLiteral("%1 must be an integer.").arg(name),
                                    {{QStringLiteral("field"), name}});
    if (value < min || value > max)
        return Result<int>::failure(
            ErrorCode::OutOfRange,
            QStringLiteral("%1 must be between %2 and %3.").arg(name).arg(min).arg(max),
            {{QStringLiteral("field"), name}});
    return int(value);
}

} // namespace RequestParsing

void JsonFieldReader::fail(ErrorCode code, const QString &field, const QString &message)
{
    if (!m_error)
        m_error = DomainError{code, message, {{QStringLiteral("field"), field}}};
}

bool JsonFieldReader::present(const QString &field, bool required)
{
    const QJsonValue value = m_object.value(field);
    if (!value.isUndefined() && !value.isNull())
        return true;
    if (required)
        fail(ErrorCode::MissingField, field, QStringLiteral("%1 is required.").arg(field));
    return false;
}

std::optional<QString> JsonFieldReader::text(const QString &field, int min, int max, bool required)
{
    if (!ok() || !present(field, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(field);
    if (!value.isString()) {
        fail(ErrorCode::InvalidField, field, QStringLiteral("%1 must be a string.").arg(field));
        return std::nullopt;
    }
    const QString text = value.toString().trimmed();
    // PostgreSQL cannot store NUL, and a broken surrogate pair would come back
    // changed; names are one line of text, so control characters have no place.
    const bool printable = std::none_of(text.begin(), text.end(), [](QChar c) {
        return c.unicode() < 0x20 || c.unicode() == 0x7f;
    });
    if (!text.isValidUtf16() || !printable) {
        fail(ErrorCode::InvalidField, field,
             QStringLiteral("%1 must be one line of text without control characters.").arg(field));
        return std::nullopt;
    }
    const qsizetype length = text.toUcs4().size();
    if (length < min || length > max) {
        fail(ErrorCode::OutOfRange, field,
             QStringLiteral("%1 must be %2 to %3 characters long.").arg(field).arg(min).arg(max));
        return std::nullopt;
    }
    return text;
}

std::optional<int> JsonFieldReader::integer(const QString &field, int min, int max, bool required)
{
    if (!ok() || !present(field, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(field);
    const double number = value.toDouble();
    if (!value.isDouble() || !std::isfinite(number) || std::floor(number) != number) {
        fail(ErrorCode::InvalidField, field,
             QStringLiteral("%1 must be a whole number.").arg(field));
        return std::nullopt;
    }
    if (number < min || number > max) {
        fail(ErrorCode::OutOfRange, field,
             QStringLiteral("%1 must be between %2 and %3.").arg(field).arg(min).arg(max));
        return std::nullopt;
    }
    return int(number);
}

std::optional<QDateTime> JsonFieldReader::timestamp(const QString &field, bool required)
{
    if (!ok() || !present(field, required))
        return std::nullopt;
    const QJsonValue value = m_object.value(field);
    const std::optional<Timestamps::IsoTime> parsed =
        value.isString() ? Timestamps::readIsoWithOffset(value.toString()) : std::nullopt;
    if (!parsed) {
        fail(ErrorCode::InvalidField, field,
             QStringLiteral(
                 "%1 must be an ISO 8601 time with an offset, e.g. 2026-12-13T19:30:00+01:00.")
                 .arg(field));
        return std::nullopt;
    }
    // The year as written, not in UTC: 1970-01-01T00:30:00+01:00 is in range though
    // it is 1969 in UTC. PostgreSQL's timestamptz holds either end with room to spare.
    if (parsed->writtenYear < kMinYear || parsed->writtenYear > kMaxYear) {
        fail(ErrorCode::OutOfRange, field,
             QStringLiteral("%1 must be in the years %2 to %3.")
                 .arg(field)
                 .arg(kMinYear)
                 .arg(kMaxYear));
        return std::nullopt;
    }
    return parsed->utc;
}
