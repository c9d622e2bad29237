#include "flagevaluator.h"

namespace FlagEvaluator {
std::optional<double> percentOf(const QJsonValue &)
{
    return std::nullopt;
}
Evaluation evaluate(const QString &, const QJsonValue &value, const QString &)
{
    return Evaluation{value, std::nullopt, std::nullopt, true};
}
} // namespace FlagEvaluator
