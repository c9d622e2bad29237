#pragma once

#include <QString>
#include <QtGlobal>

// How a hold's remaining time is shown at the counter.
namespace Countdown {

// Below this a hold is shown in amber: time to take the payment now.
constexpr qint64 kWarningMs = 30000;

enum class Urgency
{
    Normal,
    Warning,
    Expired
};

// Whole seconds still left, rounded up: a hold with 0.4 s left still shows
// 00:01, and shows "Expired" only once its time has really run out.
qint64 secondsLeft(qint64 remainingMs);

// "mm:ss" (minutes keep counting past 59: "75:00"); "00:00" once expired.
QString format(qint64 remainingMs);

Urgency urgency(qint64 remainingMs);

// Milliseconds until the text of format(remainingMs) next changes (1..1000),
// so one timer can wake exactly when the most urgent hold needs repainting.
qint64 msUntilNextChange(qint64 remainingMs);

} // namespace Countdown
