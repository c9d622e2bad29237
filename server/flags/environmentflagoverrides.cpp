#include "environmentflagoverrides.h"

Result<EnvironmentFlagOverrides> EnvironmentFlagOverrides::read(const QProcessEnvironment &)
{
    return EnvironmentFlagOverrides();
}
QString EnvironmentFlagOverrides::variableNameFor(const QString &key)
{
    return QStringLiteral("BOXOFFICE_FLAG_") + key.toUpper();
}
std::optional<EnvironmentFlagOverrides::Override>
EnvironmentFlagOverrides::apply(const QString &, const std::optional<QJsonValue> &) const
{
    return std::nullopt;
}
QList<EnvironmentFlagOverrides::Override>
EnvironmentFlagOverrides::unmatched(const QStringList &) const
{
    return {};
}
bool EnvironmentFlagOverrides::isEmpty() const
{
    return true;
}
QStringList EnvironmentFlagOverrides::variables() const
{
    return {};
}
