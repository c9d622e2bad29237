#include "referencegenerator.h"

#include "apilimits.h"

#include <QRandomGenerator>

#include <cstring>

namespace {
constexpr int kAlphabetSize = sizeof(Limits::kReferenceAlphabet) - 1;
} // namespace

namespace ReferenceGenerator {

QString next()
{
    QString reference(Limits::kReferenceLength, Qt::Uninitialized);
    for (int i = 0; i < Limits::kReferenceLength; ++i)
        reference[i] = QLatin1Char(
            Limits::kReferenceAlphabet[QRandomGenerator::system()->bounded(kAlphabetSize)]);
    return reference;
}

bool looksValid(const QString &reference)
{
    if (reference.size() != Limits::kReferenceLength)
        return false;
    for (const QChar c : reference) {
        if (c.unicode() == 0 || c.unicode() > 127 ||
            !std::strchr(Limits::kReferenceAlphabet, c.toLatin1()))
            return false;
    }
    return true;
}

} // namespace ReferenceGenerator
