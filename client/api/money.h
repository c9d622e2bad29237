#pragma once

#include <QString>

#include <optional>

// Amounts as the API sends them: whole minor units (cents) of one currency.
// Formatting and parsing stay in integers throughout; a double would turn
// 0.10 × 3 into 0.30000000000000004 and, summed over a shift, into a missing cent.
namespace Api {

class Money
{
public:
    // Digits after the decimal point for an ISO 4217 code: 2 unless the code is
    // one of the few with 0 (JPY, KRW…) or 3 (KWD, BHD…).
    static int decimalsOf(const QString &currency);

    // 1250, "EUR" -> "12.50 EUR"; -500 -> "-5.00 EUR"; no code -> "12.50".
    static QString format(qint64 minorUnits, const QString &currency);
    // What a clerk types for cash tendered: "50", "50.5", "50,50" -> 5000. Nothing
    // for a negative amount, letters, or more decimals than the currency has.
    static std::optional<qint64> parse(const QString &text, const QString &currency);
};

} // namespace Api
