#include "flagjson.h"

#include "flags/flagevaluator.h"
#include "flags/flagrules.h"
#include "timestamps.h"

#include <QJsonArray>

namespace {
// Undefined (no value) is written as null: QJsonObject would drop the member.
QJsonValue orNull(const QJsonValue &value)
{
    return value.isUndefined() ? QJsonValue(QJsonValue::Null) : value;
}

template <typename T> QJsonValue orNull(const std::optional<T> &value)
{
    return value ? QJsonValue(*value) : QJsonValue(QJsonValue::Null);
}
} // namespace

namespace FlagJson {

QJsonObject flag(const EffectiveFlag &flag)
{
    const std::optional<FeatureFlag> &stored = flag.stored;
    return QJsonObject{
        {QStringLiteral("key"), flag.key},
        {QStringLiteral("value"), stored ? orNull(stored->value) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("effective"), orNull(flag.effective)},
        {QStringLiteral("source"),
         flag.fromEnvironment() ? QStringLiteral("environment") : QStringLiteral("database")},
        {QStringLiteral("environment_variable"), flag.fromEnvironment()
                                                     ? QJsonValue(flag.environmentVariable)
                                                     : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("percent"), orNull(FlagEvaluator::percentOf(flag.effective))},
        {QStringLiteral("builtin"), FlagRules::isBuiltin(flag.key)},
        {QStringLiteral("version"), stored ? stored->version : 0},
        {QStringLiteral("updated_at"), stored ? QJsonValue(Timestamps::toIsoUtc(stored->updatedAt))
                                              : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("updated_by"),
         stored ? QJsonValue(stored->updatedBy) : QJsonValue(QJsonValue::Null)},
    };
}

QJsonObject change(const FlagChange &change)
{
    const QString action = change.oldValue.isUndefined()   ? QStringLiteral("created")
                           : change.newValue.isUndefined() ? QStringLiteral("deleted")
                                                           : QStringLiteral("updated");
    return QJsonObject{
        {QStringLiteral("id"), change.id},
        {QStringLiteral("key"), change.key},
        {QStringLiteral("action"), action},
        {QStringLiteral("old_value"), orNull(change.oldValue)},
        {QStringLiteral("new_value"), orNull(change.newValue)},
        {QStringLiteral("changed_by"), change.changedBy},
        {QStringLiteral("changed_at"), Timestamps::toIsoUtc(change.changedAt)},
    };
}

QJsonObject preview(const FlagService::Preview &preview)
{
    QJsonArray subjects;
    for (const FlagService::PreviewedSubject &subject : preview.subjects) {
        const FlagEvaluator::Evaluation &evaluation = subject.evaluation;
        subjects.append(QJsonObject{
            {QStringLiteral("subject"), subject.subject},
            {QStringLiteral("bucket"), orNull(evaluation.bucket)},
            {QStringLiteral("inside"), evaluation.inside},
            {QStringLiteral("value"),
             evaluation.value ? orNull(*evaluation.value) : QJsonValue(QJsonValue::Null)},
        });
    }
    return QJsonObject{
        {QStringLiteral("key"), preview.key},
        {QStringLiteral("percent"), orNull(preview.percent)},
        {QStringLiteral("subject_count"), int(preview.subjects.size())},
        {QStringLiteral("inside_count"), preview.insideCount},
        {QStringLiteral("subjects"), subjects},
    };
}

} // namespace FlagJson
