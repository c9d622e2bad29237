#pragma once

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <optional>

// The value a flag has for one subject: the one evaluator of the server (the
// client never re-implements it). A value that is an object with "percent" is
// a rollout; any other value is the same for everyone. Pure; any thread.
namespace FlagEvaluator {
struct Evaluation
{
    std::optional<QJsonValue> value; // nullopt: the flag is absent for this subject
    std::optional<double> percent;   // the rollout %, nullopt when the value is not a rollout
    std::optional<int> bucket;       // set only for rollouts
    bool inside = true;
};

std::optional<double> percentOf(const QJsonValue &value); // a rollout's percent, else nullopt
// The object without the members that only steer a rollout (percent,
// fallback, model_fallback): what everyone gets once the rollout is over.
QJsonObject withoutRolloutMembers(QJsonObject rollout);
// value is the flag's effective value (environment override, else stored),
// assumed valid for key (FlagRules::checkValue).
Evaluation evaluate(const QString &key, const QJsonValue &value, const QString &subject);
} // namespace FlagEvaluator
