#include "timestamps.h"

#include <QLocale>
#include <QRegularExpression>
#include <QTimeZone>

namespace Timestamps {

QString toIsoUtc(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    return time.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzzZ"));
}

std::optional<IsoTime> readIsoWithOffset(const QString &text)
{
    static const QRegularExpression shape(QStringLiteral(
        R"(^(\d{4,5})(-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2}))$)"));
    const QRegularExpressionMatch match = shape.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const int year = match.captured(1).toInt();
    // Qt reads only the years 0001 to 9999. The Gregorian calendar repeats every
    // 400 years (146097 days, whole weeks), so any other year is read as the year
    // of the same place in the 2000s' cycle and the result moved back by whole cycles.
    const int shift = (year >= 1 && year <= 9999) ? 0 : year - (2000 + year % 400);
    QString normalised =
        (shift == 0 ? match.captured(1) : QString::number(year - shift)) + match.captured(2);
    // Qt parses at most millisecond precision; drop finer digits rather than fail.
    static const QRegularExpression fraction(QStringLiteral(R"(\.(\d{3})\d+)"));
    normalised.replace(fraction, QStringLiteral(".\\1"));
    const QDateTime parsed = QDateTime::fromString(normalised, Qt::ISODateWithMs);
    if (!parsed.isValid())
        return std::nullopt;
    return IsoTime{parsed.toUTC().addYears(shift), year};
}

QDateTime parseIsoWithOffset(const QString &text)
{
    const std::optional<IsoTime> time = readIsoWithOffset(text);
    return time ? time->utc : QDateTime();
}

QString toHttpDate(const QDateTime &time)
{
    return QLocale::c().toString(time.toUTC(), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
}

QDateTime parseHttpDate(const QString &text)
{
    // Parsed field by field: QLocale would read the fields as local time first,
    // and a time inside a local daylight-saving gap would come back invalid.
    static const QRegularExpression shape(QStringLiteral(
        R"(^\s*[A-Za-z]{3}, (\d{2}) ([A-Za-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT\s*$)"));
    static const QStringList months = {
        QStringLiteral("Jan"), QStringLiteral("Feb"), QStringLiteral("Mar"), QStringLiteral("Apr"),
        QStringLiteral("May"), QStringLiteral("Jun"), QStringLiteral("Jul"), QStringLiteral("Aug"),
        QStringLiteral("Sep"), QStringLiteral("Oct"), QStringLiteral("Nov"), QStringLiteral("Dec")};
    const auto match = shape.match(text);
    if (!match.hasMatch())
        return {};
    const int month = int(months.indexOf(match.captured(2))) + 1;
    const QDate date(match.captured(3).toInt(), month, match.captured(1).toInt());
    const QTime time(match.captured(4).toInt(), match.captured(5).toInt(),
                     match.captured(6).toInt());
    if (month == 0 || !date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, QTimeZone::utc());
}

} // namespace Timestamps
