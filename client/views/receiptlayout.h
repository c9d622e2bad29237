#pragma once

#include <QString>

#include <algorithm>

// The fixed-width lines of printed slips (receipts, shift reports): a till
// printer prints 40 columns of a monospace font, and a PDF of the same lines
// looks like the slip the customer gets.
namespace ReceiptLayout {

constexpr int kWidth = 40;

// "2 × Adult @ 12.50" on the left, "25.00 EUR" flush right.
inline QString row(const QString &left, const QString &right, int width = kWidth)
{
    const int gap = std::max(1, width - int(left.size()) - int(right.size()));
    return left + QString(gap, QLatin1Char(' ')) + right;
}

inline QString rule(int width = kWidth)
{
    return QString(width, QLatin1Char('-'));
}

inline QString centred(const QString &text, int width = kWidth)
{
    const int margin = std::max(0, (width - int(text.size())) / 2);
    return QString(margin, QLatin1Char(' ')) + text;
}

} // namespace ReceiptLayout
