#pragma once

#include "apirequest.h"
#include "result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>

#include <optional>

// Turns untrusted request parts into typed values, or a 4xx DomainError that
// names the field and what was wrong with it.
namespace RequestParsing {

// A path id: a positive decimal integer that fits in a bigint.
Result<qint64> id(const QString &text);

// The body as a JSON object. An empty body is an empty object when allowEmpty.
Result<QJsonObject> jsonObject(const ApiRequest &request, bool allowEmpty);

// The body as any one JSON value (a feature flag's value may be a scalar),
// with the Content-Type and strictness rules of jsonObject. An empty body is
// Undefined, for the caller to judge.
Result<QJsonValue> jsonValue(const ApiRequest &request);

// The If-Match header: absent, "*", or one version as an ETag ("7") or bare digits.
struct IfMatch
{
    enum class Kind
    {
        Absent,
        Any,
        Version
    };
    Kind kind = Kind::Absent;
    qint64 version = 0;
};
Result<IfMatch> ifMatch(const ApiRequest &request);

// An integer query parameter with a default when absent.
Result<int> queryInt(const ApiRequest &request, const QString &name, int fallback, int min,
                     int max);

} // namespace RequestParsing

// Reads typed fields from a JSON object; the first problem is kept in error().
class JsonFieldReader
{
public:
    explicit JsonFieldReader(QJsonObject object) : m_object(std::move(object)) {}

    // Trimmed text of min..max characters.
    std::optional<QString> text(const QString &field, int min, int max, bool required);
    std::optional<int> integer(const QString &field, int min, int max, bool required);
    // ISO 8601 with an explicit offset, in the years kMinYear..kMaxYear as written.
    std::optional<QDateTime> timestamp(const QString &field, bool required);
    static constexpr int kMinYear = 1970;
    static constexpr int kMaxYear = 9999;

    bool ok() const { return !m_error.has_value(); }
    const DomainError &error() const { return *m_error; }

private:
    bool present(const QString &field, bool required);
    void fail(ErrorCode code, const QString &field, const QString &message);

    QJsonObject m_object;
    std::optional<DomainError> m_error;
};
