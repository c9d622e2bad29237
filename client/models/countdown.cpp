#include "countdown.h"

namespace Countdown {

qint64 secondsLeft(qint64 remainingMs)
{
    if (remainingMs <= 0)
        return 0;
    return (remainingMs + 999) / 1000;
}

QString format(qint64 remainingMs)
{
    const qint64 seconds = secondsLeft(remainingMs);
    return QStringLiteral("%1:%2")
        .arg(seconds / 60, 2, 10, QLatin1Char('0'))
        .arg(seconds % 60, 2, 10, QLatin1Char('0'));
}

Urgency urgency(qint64 remainingMs)
{
    if (remainingMs <= 0)
        return Urgency::Expired;
    return remainingMs <= kWarningMs ? Urgency::Warning : Urgency::Normal;
}

qint64 msUntilNextChange(qint64 remainingMs)
{
    if (remainingMs <= 0)
        return 1000;
    const qint64 intoSecond = remainingMs % 1000;
    return intoSecond == 0 ? 1000 : intoSecond;
}

} // namespace Countdown
