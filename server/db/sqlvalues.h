#pragma once

#include <QDateTime>
#include <QMetaType>
#include <QString>
#include <QTimeZone>
#include <QVariant>

// Conversions between SQL values and Qt types. Timestamps travel as epoch
// milliseconds so the driver's time-zone handling can never shift them.
namespace SqlValues {

// SQL expression for a timestamptz column as epoch milliseconds, truncated (floor):
// a cast to bigint would round, and a hold's expires_at shown up to 0.5 ms late
// would let it lapse before the time a client was told. extract() is numeric, so exact.
inline QString epochMs(const QString &column)
{
    return QStringLiteral("floor(extract(epoch FROM %1) * 1000)::bigint").arg(column);
}

inline QDateTime toUtc(const QVariant &epochMs)
{
    if (epochMs.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(epochMs.toLongLong(), QTimeZone::utc());
}

inline QVariant nullText()
{
    return QVariant(QMetaType::fromType<QString>());
}

inline QVariant textOrNull(const QString &text)
{
    return text.isNull() ? nullText() : QVariant(text);
}

} // namespace SqlValues
