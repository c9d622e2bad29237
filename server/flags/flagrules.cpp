#include "flagrules.h"

namespace FlagRules {
std::optional<DomainError> checkKey(const QString &)
{
    return std::nullopt;
}
std::optional<DomainError> checkValue(const QString &, const QJsonValue &)
{
    return std::nullopt;
}
std::optional<DomainError> checkSubject(const QString &)
{
    return std::nullopt;
}
bool isBuiltin(const QString &)
{
    return false;
}
std::optional<qint64> pausedShowId(const QString &)
{
    return std::nullopt;
}
QString showPauseKey(qint64 showId)
{
    return kShowPausePrefix + QString::number(showId);
}
} // namespace FlagRules
