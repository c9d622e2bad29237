#include "ratelimitpolicy.h"

#include <QRegularExpression>

namespace {
// Large enough for any real limit, small enough that N/s * seconds stays exact.
constexpr qint64 kMaxCount = 1000000;

RateLimitRule perUnit(double count, double unitSeconds, double burst)
{
    return RateLimitRule{count / unitSeconds, burst};
}

struct ClassName
{
    RateLimitClass rateClass;
    const char *name;
};
constexpr ClassName kClasses[] = {
    {RateLimitClass::Login, "login"},
    {RateLimitClass::Booking, "booking"},
    {RateLimitClass::Settle, "settle"},
    {RateLimitClass::AuthFailure, "auth_failure"},
};
} // namespace

RateLimitPolicy::RateLimitPolicy(PublicBooking mode)
{
    set(RateLimitClass::Login, RateLimitScope::Address, perUnit(10, 60, 10));
    if (mode != PublicBooking::Open) {
        set(RateLimitClass::Booking, RateLimitScope::Address, perUnit(2, 1, 20));
        set(RateLimitClass::Settle, RateLimitScope::Address, perUnit(5, 1, 50));
    }
    set(RateLimitClass::Booking, RateLimitScope::Token, perUnit(100, 1, 1000));
    set(RateLimitClass::Settle, RateLimitScope::Token, perUnit(100, 1, 1000));
    set(RateLimitClass::AuthFailure, RateLimitScope::Address, perUnit(30, 60, 30));
}

QString RateLimitPolicy::className(RateLimitClass rateClass)
{
    for (const ClassName &entry : kClasses) {
        if (entry.rateClass == rateClass)
            return QString::fromLatin1(entry.name);
    }
    return {};
}

QString RateLimitPolicy::scopeName(RateLimitScope scope)
{
    return scope == RateLimitScope::Address ? QStringLiteral("address") : QStringLiteral("token");
}

std::optional<RateLimitRule> RateLimitPolicy::rule(RateLimitClass rateClass,
                                                   RateLimitScope scope) const
{
    return m_rules[indexOf(rateClass, scope)];
}

bool RateLimitPolicy::parse(const QString &text, PublicBooking mode, RateLimitPolicy *policy,
                            QString *error)
{
    RateLimitPolicy result(mode);
    const QString spec = text.trimmed().toLower();
    if (spec == QLatin1String("off")) {
        result.m_rules.fill(std::nullopt);
        *policy = result;
        return true;
    }
    static const QRegularExpression entryPattern(
        QStringLiteral("^([a-z_]+)\\.([a-z]+)=(?:(off)|(\\d{1,7})/(s|min|h)(?::(\\d{1,7}))?)$"));
    QList<int> seen;
    for (const QString &raw : spec.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        QString entry = raw;
        entry.remove(QRegularExpression(QStringLiteral("\\s")));
        if (entry.isEmpty())
            continue;
        const auto fail = [&](const QString &why) {
            *error = QStringLiteral("rate limit '%1': %2 (expected CLASS.SCOPE=N/UNIT[:BURST], "
                                    "e.g. booking.address=2/s:20, or off)")
                         .arg(entry.left(80), why);
            return false;
        };
        const QRegularExpressionMatch match = entryPattern.match(entry);
        if (!match.hasMatch())
            return fail(QStringLiteral("not understood"));
        std::optional<RateLimitClass> rateClass;
        for (const ClassName &known : kClasses) {
            if (match.captured(1) == QLatin1String(known.name))
                rateClass = known.rateClass;
        }
        if (!rateClass)
            return fail(QStringLiteral("the class must be login, booking, settle or auth_failure"));
        RateLimitScope scope;
        if (match.captured(2) == QLatin1String("address"))
            scope = RateLimitScope::Address;
        else if (match.captured(2) == QLatin1String("token"))
            scope = RateLimitScope::Token;
        else
            return fail(QStringLiteral("the scope must be address or token"));
        // Logins and refused credentials have no token to count against.
        if (scope == RateLimitScope::Token &&
            (*rateClass == RateLimitClass::Login || *rateClass == RateLimitClass::AuthFailure))
            return fail(QStringLiteral("%1 is counted per address only").arg(match.captured(1)));
        const int index = indexOf(*rateClass, scope);
        if (seen.contains(index))
            return fail(QStringLiteral("given twice"));
        seen << index;
        if (!match.captured(3).isEmpty()) {
            result.set(*rateClass, scope, std::nullopt);
            continue;
        }
        const qint64 count = match.captured(4).toLongLong();
        const qint64 burst = match.captured(6).isEmpty() ? count : match.captured(6).toLongLong();
        if (count < 1 || count > kMaxCount || burst < 1 || burst > kMaxCount)
            return fail(QStringLiteral("N and BURST must be 1..%1").arg(kMaxCount));
        const QString unit = match.captured(5);
        const double unitSeconds = unit == QLatin1String("s")     ? 1
                                   : unit == QLatin1String("min") ? 60
                                                                  : 3600;
        result.set(*rateClass, scope, perUnit(double(count), unitSeconds, double(burst)));
    }
    *policy = result;
    return true;
}
