#include "money.h"

#include <QStringList>

#include <limits>

namespace Api {

int Money::decimalsOf(const QString &currency)
{
    static const QStringList none = {
        QStringLiteral("JPY"), QStringLiteral("KRW"), QStringLiteral("ISK"), QStringLiteral("CLP"),
        QStringLiteral("VND"), QStringLiteral("XOF"), QStringLiteral("XAF"), QStringLiteral("HUF")};
    static const QStringList three = {QStringLiteral("KWD"), QStringLiteral("BHD"),
                                      QStringLiteral("OMR"), QStringLiteral("JOD"),
                                      QStringLiteral("TND"), QStringLiteral("LYD")};
    const QString code = currency.toUpper();
    if (none.contains(code))
        return 0;
    if (three.contains(code))
        return 3;
    return 2;
}

QString Money::format(qint64 minorUnits, const QString &currency)
{
    const int decimals = decimalsOf(currency);
    qint64 scale = 1;
    for (int i = 0; i < decimals; ++i)
        scale *= 10;
    // Unsigned, so that the most negative amount has a magnitude too.
    const quint64 magnitude =
        minorUnits < 0 ? quint64(0) - quint64(minorUnits) : quint64(minorUnits);
    QString text = QString::number(magnitude / quint64(scale));
    if (decimals > 0)
        text += QLatin1Char('.') + QStringLiteral("%1").arg(magnitude % quint64(scale), decimals,
                                                            10, QLatin1Char('0'));
    if (minorUnits < 0)
        text.prepend(QLatin1Char('-'));
    return currency.isEmpty() ? text : text + QLatin1Char(' ') + currency;
}

std::optional<qint64> Money::parse(const QString &text, const QString &currency)
{
    const int decimals = decimalsOf(currency);
    QString digits = text.trimmed();
    if (!currency.isEmpty() && digits.endsWith(currency, Qt::CaseInsensitive))
        digits = digits.chopped(currency.size()).trimmed();
    digits.replace(QLatin1Char(','), QLatin1Char('.'));
    const qsizetype point = digits.indexOf(QLatin1Char('.'));
    const QString whole = point < 0 ? digits : digits.left(point);
    QString fraction = point < 0 ? QString() : digits.mid(point + 1);
    if ((whole.isEmpty() && fraction.isEmpty()) || fraction.size() > decimals)
        return std::nullopt;
    fraction = fraction.leftJustified(decimals, QLatin1Char('0'));
    // The largest amount that may still take one more digit without overflowing.
    constexpr qint64 limit = (std::numeric_limits<qint64>::max() - 9) / 10;
    qint64 amount = 0;
    for (const QChar c : whole + fraction) {
        if (c < QLatin1Char('0') || c > QLatin1Char('9') || amount > limit)
            return std::nullopt;
        amount = amount * 10 + (c.unicode() - '0');
    }
    return amount;
}

} // namespace Api
