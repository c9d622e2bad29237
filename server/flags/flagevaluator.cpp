#include "flagevaluator.h"

#include "flagbucketing.h"

#include <QJsonObject>

namespace FlagEvaluator {
namespace {
const QLatin1String kPercent("percent");
const QLatin1String kFallback("fallback");
const QLatin1String kModelFallback("model_fallback");
} // namespace

QJsonObject withoutRolloutMembers(QJsonObject rollout)
{
    rollout.remove(kPercent);
    rollout.remove(kFallback);
    rollout.remove(kModelFallback);
    return rollout;
}

namespace {

const QLatin1String kValue("value");
const QLatin1String kModel("model");

// What a subject inside the rollout gets: the "value" member, or else the
// object itself without the members that only steer the rollout.
QJsonValue insideValue(const QJsonObject &rollout)
{
    if (rollout.contains(kValue))
        return rollout.value(kValue);
    return withoutRolloutMembers(rollout);
}

// What a subject outside gets; nullopt: the flag is absent for it.
std::optional<QJsonValue> outsideValue(const QJsonObject &rollout)
{
    if (rollout.contains(kFallback))
        return rollout.value(kFallback);
    if (!rollout.contains(kModelFallback))
        return std::nullopt;
    // An inside value that is not an object (a "value" member that is a string,
    // say) has no model to replace; the fallback model alone is still what the
    // flag's author asked the others to get.
    const QJsonValue inside = insideValue(rollout);
    QJsonObject value = inside.isObject() ? inside.toObject() : QJsonObject();
    value.insert(kModel, rollout.value(kModelFallback));
    return value;
}

} // namespace

std::optional<double> percentOf(const QJsonValue &value)
{
    if (!value.isObject())
        return std::nullopt;
    const QJsonValue percent = value.toObject().value(kPercent);
    if (!percent.isDouble())
        return std::nullopt;
    return percent.toDouble();
}

Evaluation evaluate(const QString &key, const QJsonValue &value, const QString &subject)
{
    const std::optional<double> percent = percentOf(value);
    if (!percent)
        return Evaluation{value, std::nullopt, std::nullopt, true};
    const QJsonObject rollout = value.toObject();
    Evaluation evaluation;
    evaluation.percent = percent;
    evaluation.bucket = FlagBucketing::bucket(key, subject);
    evaluation.inside = FlagBucketing::inside(*evaluation.bucket, *percent);
    evaluation.value =
        evaluation.inside ? std::optional<QJsonValue>(insideValue(rollout)) : outsideValue(rollout);
    return evaluation;
}

} // namespace FlagEvaluator
