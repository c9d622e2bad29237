#include "effectiveflags.h"

#include "flagrules.h"

#include <QRegularExpression>
#include <QSet>

namespace {
const QString kAiModel = QStringLiteral("ai:model");

// Keys an environment variable may stand for without a stored row: the fixed
// built-ins, ai:model (AI_MODEL), and each sales.paused.show.<id> named by a
// variable (their ids cannot be listed otherwise).
QStringList environmentCandidates(const EnvironmentFlagOverrides &overrides)
{
    QStringList keys{FlagRules::kHoldSeconds, FlagRules::kMaxSeats, FlagRules::kSalesPaused,
                     kAiModel};
    static const QRegularExpression showVariable(
        QStringLiteral("^BOXOFFICE_FLAG_SALES_PAUSED_SHOW_([1-9][0-9]{0,17})$"));
    for (const QString &variable : overrides.variables()) {
        const QRegularExpressionMatch match = showVariable.match(variable);
        if (match.hasMatch())
            keys << FlagRules::kShowPausePrefix + match.captured(1);
    }
    return keys;
}
} // namespace

namespace EffectiveFlags {

std::optional<EffectiveFlag> composeOne(const QString &key,
                                        const std::optional<FeatureFlag> &stored,
                                        const EnvironmentFlagOverrides &overrides)
{
    const std::optional<EnvironmentFlagOverrides::Override> override =
        overrides.apply(key, stored ? std::optional(stored->value) : std::nullopt);
    if (!stored) {
        // Without a row, a variable stands only for the key compose() lists it
        // under: BOXOFFICE_FLAG_AI_MODEL is ai:model, not also ai_model or ai.model.
        if (override && environmentCandidates(overrides).contains(key))
            return EffectiveFlag{key, std::nullopt, override->value, override->variable};
        for (const EnvironmentFlagOverrides::Override &extra : overrides.unmatched({}))
            if (extra.key == key)
                return EffectiveFlag{key, std::nullopt, extra.value, extra.variable};
        return std::nullopt;
    }
    EffectiveFlag flag;
    flag.key = key;
    flag.stored = stored;
    flag.effective = override ? override->value : stored->value;
    flag.environmentVariable = override ? override->variable : QString();
    return flag;
}

QMap<QString, EffectiveFlag> compose(const QList<FeatureFlag> &stored,
                                     const EnvironmentFlagOverrides &overrides)
{
    QMap<QString, EffectiveFlag> flags;
    QStringList storedKeys;
    for (const FeatureFlag &flag : stored) {
        storedKeys << flag.key;
        if (auto composed = composeOne(flag.key, flag, overrides))
            flags.insert(flag.key, *composed);
    }
    if (overrides.isEmpty())
        return flags;
    for (const QString &key : environmentCandidates(overrides)) {
        if (flags.contains(key))
            continue;
        if (auto override = overrides.apply(key, std::nullopt))
            flags.insert(key,
                         EffectiveFlag{key, std::nullopt, override->value, override->variable});
    }
    for (const EnvironmentFlagOverrides::Override &extra : overrides.unmatched(storedKeys))
        if (!flags.contains(extra.key))
            flags.insert(extra.key,
                         EffectiveFlag{extra.key, std::nullopt, extra.value, extra.variable});
    return flags;
}

BookingService::Settings bookingSettings(const QMap<QString, EffectiveFlag> &flags,
                                         const BookingService::Settings &defaults)
{
    BookingService::Settings settings = defaults;
    const auto valid = [&flags](const QString &key) -> std::optional<QJsonValue> {
        const auto it = flags.constFind(key);
        if (it == flags.constEnd() || FlagRules::checkValue(key, it->effective))
            return std::nullopt;
        return it->effective;
    };
    if (const auto hold = valid(FlagRules::kHoldSeconds))
        settings.holdSeconds = hold->toInt();
    if (const auto seats = valid(FlagRules::kMaxSeats))
        settings.maxSeatsPerBooking = seats->toInt();
    if (const auto paused = valid(FlagRules::kSalesPaused))
        settings.salesPaused = paused->toBool();
    for (auto it = flags.constBegin(); it != flags.constEnd(); ++it) {
        const std::optional<qint64> showId = FlagRules::pausedShowId(it.key());
        if (showId && valid(it.key()) && it->effective.toBool())
            settings.pausedShowIds.insert(*showId);
    }
    return settings;
}

} // namespace EffectiveFlags
