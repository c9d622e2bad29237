#include "timestamps.h"

#include <QLocale>
#include <QTimeZone>
#include <QRegularExpression>

namespace Timestamps {

QString toIsoUtc(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

QDateTime parseIsoWithOffset(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral(
        R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$)"));
    if (!shape.match(text).hasMatch())
        return {};
    QString normalised = text;
    // Qt parses at most millisecond precision; drop finer digits rather than fail.
    static const QRegularExpression fraction(QStringLiteral(R"(\.(\d{3})\d+)"));
    normalised.replace(fraction, QStringLiteral(".\\1"));
    QDateTime parsed = QDateTime::fromString(normalised, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return {};
    return parsed.toUTC();
}

QString toHttpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
}

QDateTime parseHttpDate(const QString &text)
{
    QDateTime parsed = QLocale::c().toDateTime(text.trimmed(),
                                                QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!parsed.isValid())
        return {};
    parsed.setTimeZone(QTimeZone::utc());
    return parsed;
}

} // namespace Timestamps
