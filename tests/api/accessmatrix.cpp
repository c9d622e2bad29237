#include "accessmatrix.h"

#include <QStringList>

namespace AccessMatrix {

Verdict expected(const QString &access, Kind kind, const QString &mode, bool *known)
{
    *known = QStringList{"public",         "authenticated", "booking",
                         "booking_record", "admin",         "subscriber", "till"}
                 .contains(access);
    if (access == QLatin1String("public"))
        return Verdict::Allowed;
    // Live push: anyone, and a credential only narrows or widens what is heard.
    if (access == QLatin1String("subscriber"))
        return kind == Kind::Refused ? Verdict::Unauthorized : Verdict::Allowed;
    switch (kind) {
    case Kind::None:
        // "open" is the reference backend's behaviour: anyone may also read,
        // confirm or cancel any booking.
        if (access == QLatin1String("booking") && mode != QLatin1String("off"))
            return Verdict::Allowed;
        if (access == QLatin1String("booking_record") && mode == QLatin1String("open"))
            return Verdict::Allowed;
        return Verdict::Unauthorized;
    case Kind::Refused:
        return Verdict::Unauthorized;
    case Kind::Clerk:
        return access == QLatin1String("admin") ? Verdict::Forbidden : Verdict::Allowed;
    case Kind::Shop:
        // A shop keeps no till: its money is online (issue 18).
        return access == QLatin1String("admin") || access == QLatin1String("till")
                   ? Verdict::Forbidden
                   : Verdict::Allowed;
    case Kind::Admin:
        return Verdict::Allowed;
    case Kind::Holder:
        return access == QLatin1String("booking_record") ? Verdict::Allowed : Verdict::Forbidden;
    }
    return Verdict::Allowed;
}

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::Allowed:
        return QStringLiteral("allowed");
    case Verdict::Unauthorized:
        return QStringLiteral("401");
    case Verdict::Forbidden:
        return QStringLiteral("403");
    }
    return {};
}

QString concretePath(const QString &pattern, const Targets &targets, const Credential &credential)
{
    // A stream never ends by itself: a bad parameter proves the row got past
    // the router as well, and answers at once.
    if (pattern == QLatin1String("/events"))
        return QStringLiteral("/events?show=0");
    QStringList segments = pattern.split(QLatin1Char('/'));
    for (qsizetype i = 1; i < segments.size(); ++i) {
        const QString &segment = segments.at(i);
        if (!segment.startsWith(QLatin1Char(':')))
            continue;
        const QString before = segments.at(i - 1);
        qint64 id = 1;
        if (segment == QLatin1String(":key")) {
            segments[i] = targets.flagKey;
            continue;
        }
        if (segment == QLatin1String(":reference") || before == QLatin1String("by-reference")) {
            segments[i] = credential.reference;
            continue;
        }
        if (before == QLatin1String("users"))
            id = targets.victimUser;
        else if (before == QLatin1String("tokens"))
            id = targets.victimToken;
        else if (before == QLatin1String("plans"))
            id = targets.plan;
        else if (before == QLatin1String("shows"))
            id = pattern.startsWith(QLatin1String("/admin/")) ? targets.victimShow
                 : pattern.endsWith(QLatin1String("/seats"))  ? targets.seatedShow
                                                              : targets.show;
        else if (before == QLatin1String("bookings"))
            id = credential.booking;
        segments[i] = QString::number(id);
    }
    return segments.join(QLatin1Char('/'));
}

} // namespace AccessMatrix
