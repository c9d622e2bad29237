#include "environmentflagoverrides.h"

#include "flagevaluator.h"
#include "flagrules.h"
#include "json/strictjsonreader.h"

#include <QJsonObject>
#include <QSet>

#include <algorithm>

namespace {

const QString kPrefix = QStringLiteral("BOXOFFICE_FLAG_");
const QString kAiModelVariable = QStringLiteral("AI_MODEL");
// The one flag the reference names (its README sets it with AI_MODEL): a
// BOXOFFICE_FLAG_AI_MODEL that matches no stored key stands for it, not for
// "ai_model", so that the variable still beats AI_MODEL when the table is empty.
const QString kAiModelKey = QStringLiteral("ai:model");
const QString kAiModelName = QStringLiteral("AI_MODEL");
const QString kShowPauseName = QStringLiteral("SALES_PAUSED_SHOW_");
constexpr int kMaxModelLength = 200;

// NAME: the key upper-cased, every character outside [A-Z0-9] as "_".
QString nameFor(const QString &key)
{
    QString name;
    name.reserve(key.size());
    for (const QChar c : key) {
        const char16_t u = c.unicode();
        if ((u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9'))
            name.append(c);
        else if (u >= 'a' && u <= 'z')
            name.append(QChar(u - 'a' + 'A'));
        else
            name.append(QLatin1Char('_'));
    }
    return name;
}

bool validName(const QString &name)
{
    return !name.isEmpty() && name.size() <= FlagRules::kMaxKeyLength &&
           std::all_of(name.begin(), name.end(), [](QChar c) {
               const char16_t u = c.unicode();
               return (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || u == '_';
           });
}

// The built-in a NAME stands for, whether or not it is stored. A built-in owns
// its NAME: BOXOFFICE_FLAG_SALES_PAUSED is sales.paused, never "sales_paused".
std::optional<QString> builtinFor(const QString &name)
{
    for (const QString &key :
         {FlagRules::kHoldSeconds, FlagRules::kMaxSeats, FlagRules::kSalesPaused})
        if (name == nameFor(key))
            return key;
    if (name.startsWith(kShowPauseName)) {
        const QString key = FlagRules::kShowPausePrefix + name.mid(kShowPauseName.size());
        if (FlagRules::pausedShowId(key))
            return key;
    }
    return std::nullopt;
}

DomainError variableError(const QString &variable, const DomainError &error)
{
    DomainError named = error;
    named.message = QStringLiteral("%1: %2").arg(variable, error.message);
    named.details.insert(QStringLiteral("variable"), variable);
    return named;
}

DomainError variableError(const QString &variable, ErrorCode code, const QString &message)
{
    return variableError(variable, DomainError{code, message, {}});
}

} // namespace

Result<EnvironmentFlagOverrides>
EnvironmentFlagOverrides::read(const QProcessEnvironment &environment)
{
    EnvironmentFlagOverrides overrides;
    QStringList names = environment.keys();
    names.sort(); // the same variable is named first however the environment is ordered
    for (const QString &variable : std::as_const(names)) {
        if (!variable.startsWith(kPrefix))
            continue;
        const QString name = variable.mid(kPrefix.size());
        if (!validName(name))
            return variableError(
                variable, ErrorCode::InvalidFlagKey,
                QStringLiteral("After %1 comes a flag key upper-cased, every character other "
                               "than A-Z and 0-9 as _: 1 to %2 characters of A-Z, 0-9 and _.")
                    .arg(kPrefix)
                    .arg(FlagRules::kMaxKeyLength));
        // Typo protection, as for keys: during an incident a mistyped pause
        // (BOXOFFICE_FLAG_SALES_PAUSE) must stop the server, not be ignored.
        std::optional<QString> key = builtinFor(name);
        if (!key && (name.startsWith(QLatin1String("BOOKING_")) ||
                     name.startsWith(QLatin1String("SALES_"))))
            return variableError(
                variable, ErrorCode::InvalidFlagKey,
                QStringLiteral("The names BOOKING_* and SALES_* belong to the server's own flags: "
                               "BOOKING_HOLD_SECONDS, BOOKING_MAX_SEATS, SALES_PAUSED, "
                               "SALES_PAUSED_SHOW_<id>."));
        // Every key with this NAME that is not a built-in has the same value
        // rules, so checking against one of them checks against all of them.
        const Result<QJsonValue> value =
            StrictJsonReader::read(environment.value(variable).toUtf8());
        if (!value) {
            // The reader speaks of a request body; here the JSON is the variable's value.
            DomainError error = value.error();
            if (error.message.startsWith(QLatin1String("The body ")))
                error.message.replace(0, 8, QStringLiteral("The value"));
            return variableError(variable, error);
        }
        if (auto problem = FlagRules::checkValue(key.value_or(name.toLower()), *value))
            return variableError(variable, *problem);
        overrides.m_flagVariables.insert(variable, *value);
    }
    if (environment.contains(kAiModelVariable)) {
        const QString model = environment.value(kAiModelVariable);
        const qsizetype length = model.toUcs4().size();
        const bool printable = std::none_of(model.begin(), model.end(), [](QChar c) {
            return c.unicode() < 0x20 || c.unicode() == 0x7f;
        });
        if (length < 1 || length > kMaxModelLength || !printable)
            return variableError(kAiModelVariable, ErrorCode::InvalidFlagValue,
                                 QStringLiteral("A model name is 1 to %1 characters without "
                                                "control characters (plain text, not JSON).")
                                     .arg(kMaxModelLength));
        overrides.m_aiModel = model;
    }
    return overrides;
}

QString EnvironmentFlagOverrides::variableNameFor(const QString &key)
{
    return kPrefix + nameFor(key);
}

std::optional<EnvironmentFlagOverrides::Override>
EnvironmentFlagOverrides::apply(const QString &key, const std::optional<QJsonValue> &stored) const
{
    const QString variable = variableNameFor(key);
    const auto found = m_flagVariables.constFind(variable);
    if (found != m_flagVariables.cend())
        return Override{key, *found, variable};
    if (key != kAiModelKey || !m_aiModel)
        return std::nullopt;
    // As the reference: everyone gets that model, so nothing of the rollout stays.
    QJsonObject value = FlagEvaluator::withoutRolloutMembers(
        stored && stored->isObject() ? stored->toObject() : QJsonObject());
    value.insert(QLatin1String("model"), *m_aiModel);
    return Override{key, value, kAiModelVariable};
}

QList<EnvironmentFlagOverrides::Override>
EnvironmentFlagOverrides::unmatched(const QStringList &storedKeys) const
{
    const QSet<QString> stored(storedKeys.cbegin(), storedKeys.cend());
    QSet<QString> storedNames;
    for (const QString &key : storedKeys)
        storedNames.insert(nameFor(key));
    QMap<QString, Override> found; // by key, so the list comes sorted
    for (auto it = m_flagVariables.cbegin(); it != m_flagVariables.cend(); ++it) {
        const QString name = it.key().mid(kPrefix.size());
        QString key;
        if (const std::optional<QString> builtin = builtinFor(name)) {
            if (stored.contains(*builtin))
                continue;
            key = *builtin;
        } else {
            if (storedNames.contains(name))
                continue;
            key = name == kAiModelName ? kAiModelKey : name.toLower();
        }
        found.insert(key, Override{key, it.value(), it.key()});
    }
    if (m_aiModel && !stored.contains(kAiModelKey) && !found.contains(kAiModelKey))
        found.insert(kAiModelKey, *apply(kAiModelKey, std::nullopt));
    return found.values();
}

bool EnvironmentFlagOverrides::isEmpty() const
{
    return m_flagVariables.isEmpty() && !m_aiModel;
}

QStringList EnvironmentFlagOverrides::variables() const
{
    QStringList names = m_flagVariables.keys();
    if (m_aiModel)
        names.append(kAiModelVariable);
    names.sort();
    return names;
}
