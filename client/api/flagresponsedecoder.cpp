#include "flagresponsedecoder.h"

#include "apierror.h"
#include "timestamps.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace FlagResponseDecoder {
namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("FlagResponseDecoder", text);
}

DomainError badResponse(const QString &what, const QString &field)
{
    return ApiError::make(ApiError::Kind::BadResponse, tr("not a %1 (field %2)").arg(what, field));
}

// Reads the members of one object and remembers the first one that does not
// fit, so each decoder reads like the field list it checks.
class Fields
{
public:
    explicit Fields(const QJsonObject &object) : m_object(object) {}

    bool failed() const { return !m_failedField.isEmpty(); }
    QString failedField() const { return m_failedField; }

    QString text(const char *key, bool nullable = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        // Required texts (keys, actions) are never empty; optional ones are as written.
        if (value.isString() && (nullable || !value.toString().isEmpty()))
            return value.toString();
        if (!(nullable && value.isNull()))
            fail(key);
        return {};
    }
    // Any JSON value, null included, but the member must be there.
    QJsonValue any(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isUndefined())
            fail(key);
        return value;
    }
    qint64 whole(const char *key, qint64 minimum)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        const double number = value.toDouble(-1);
        if (!value.isDouble() || number < double(minimum) || number != std::floor(number)) {
            fail(key);
            return 0;
        }
        return qint64(number);
    }
    std::optional<double> optionalNumber(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (value.isDouble())
            return value.toDouble();
        if (!value.isNull())
            fail(key);
        return std::nullopt;
    }
    bool boolean(const char *key)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (!value.isBool())
            fail(key);
        return value.toBool();
    }
    QDateTime time(const char *key, bool nullable = false)
    {
        const QJsonValue value = m_object.value(QLatin1String(key));
        if (nullable && value.isNull())
            return {};
        const QDateTime parsed = Timestamps::parseIsoWithOffset(value.toString());
        if (!parsed.isValid())
            fail(key);
        return parsed;
    }

private:
    void fail(const char *key)
    {
        if (m_failedField.isEmpty())
            m_failedField = QLatin1String(key);
    }

    QJsonObject m_object;
    QString m_failedField;
};

Result<QJsonDocument> parse(const QByteArray &body)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return ApiError::make(ApiError::Kind::BadResponse,
                              tr("malformed JSON (%1)").arg(parseError.errorString()));
    return document;
}

Result<Api::FeatureFlag> flagFrom(const QJsonValue &json)
{
    if (!json.isObject())
        return badResponse(tr("flag"), QStringLiteral("(object)"));
    Fields fields(json.toObject());
    Api::FeatureFlag flag;
    flag.key = fields.text("key");
    flag.value = fields.any("value");
    flag.effective = fields.any("effective");
    const QString source = fields.text("source");
    flag.environmentVariable = fields.text("environment_variable", true);
    flag.percent = fields.optionalNumber("percent");
    flag.builtin = fields.boolean("builtin");
    flag.version = fields.whole("version", 0);
    flag.updatedAt = fields.time("updated_at", true);
    flag.updatedBy = fields.text("updated_by", true);
    if (fields.failed())
        return badResponse(tr("flag"), fields.failedField());
    if (source == QLatin1String("database"))
        flag.source = Api::FeatureFlag::Source::Database;
    else if (source == QLatin1String("environment"))
        flag.source = Api::FeatureFlag::Source::Environment;
    else
        return badResponse(tr("flag"), QStringLiteral("source"));
    return flag;
}

Result<Api::FlagChange> changeFrom(const QJsonValue &json)
{
    if (!json.isObject())
        return badResponse(tr("flag change"), QStringLiteral("(object)"));
    Fields fields(json.toObject());
    Api::FlagChange change;
    change.id = fields.whole("id", 1);
    change.key = fields.text("key");
    const QString action = fields.text("action");
    change.oldValue = fields.any("old_value");
    change.newValue = fields.any("new_value");
    change.changedBy = fields.text("changed_by", true);
    change.changedAt = fields.time("changed_at");
    if (fields.failed())
        return badResponse(tr("flag change"), fields.failedField());
    if (action == QLatin1String("created"))
        change.action = Api::FlagChange::Action::Created;
    else if (action == QLatin1String("updated"))
        change.action = Api::FlagChange::Action::Updated;
    else if (action == QLatin1String("deleted"))
        change.action = Api::FlagChange::Action::Deleted;
    else
        return badResponse(tr("flag change"), QStringLiteral("action"));
    return change;
}

template <typename T, typename Decode>
Result<QList<T>> listFrom(const QByteArray &body, Decode decode)
{
    const auto document = parse(body);
    if (!document)
        return document.error();
    if (!document->isArray())
        return ApiError::make(ApiError::Kind::BadResponse, tr("expected a JSON array"));
    QList<T> items;
    const QJsonArray array = document->array();
    items.reserve(array.size());
    for (const QJsonValue &value : array) {
        auto item = decode(value);
        if (!item)
            return item.error();
        items.append(*item);
    }
    return items;
}

} // namespace

Result<Api::FeatureFlag> flag(const QByteArray &body)
{
    const auto document = parse(body);
    if (!document)
        return document.error();
    return flagFrom(document->isObject() ? QJsonValue(document->object()) : QJsonValue());
}

Result<QList<Api::FeatureFlag>> flags(const QByteArray &body)
{
    return listFrom<Api::FeatureFlag>(body, flagFrom);
}

Result<QList<Api::FlagChange>> history(const QByteArray &body)
{
    return listFrom<Api::FlagChange>(body, changeFrom);
}

Result<Api::FlagPreview> preview(const QByteArray &body)
{
    const auto document = parse(body);
    if (!document)
        return document.error();
    if (!document->isObject())
        return badResponse(tr("flag preview"), QStringLiteral("(object)"));
    const QJsonObject object = document->object();
    Fields fields(object);
    Api::FlagPreview preview;
    preview.key = fields.text("key");
    preview.percent = fields.optionalNumber("percent");
    preview.subjectCount = int(fields.whole("subject_count", 0));
    preview.insideCount = int(fields.whole("inside_count", 0));
    if (fields.failed())
        return badResponse(tr("flag preview"), fields.failedField());
    const QJsonValue subjects = object.value(QLatin1String("subjects"));
    if (!subjects.isArray())
        return badResponse(tr("flag preview"), QStringLiteral("subjects"));
    for (const QJsonValue &entry : subjects.toArray()) {
        Fields subjectFields(entry.toObject());
        Api::FlagPreview::Subject subject;
        subject.subject = subjectFields.text("subject");
        if (const auto bucket = subjectFields.optionalNumber("bucket"))
            subject.bucket = int(*bucket);
        subject.inside = subjectFields.boolean("inside");
        subject.value = subjectFields.any("value");
        if (!entry.isObject() || subjectFields.failed())
            return badResponse(tr("flag preview"),
                               QStringLiteral("subjects.") + subjectFields.failedField());
        preview.subjects.append(subject);
    }
    return preview;
}

Result<QJsonObject> evaluation(const QByteArray &body)
{
    const auto document = parse(body);
    if (!document)
        return document.error();
    if (!document->isObject())
        return badResponse(tr("flag evaluation"), QStringLiteral("(object)"));
    return document->object();
}

} // namespace FlagResponseDecoder
