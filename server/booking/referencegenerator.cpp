#include "referencegenerator.h"

#include <QRandomGenerator>

#include <cstring>

namespace {
constexpr char kAlphabet[] = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
constexpr int kAlphabetSize = sizeof(kAlphabet) - 1;
constexpr int kLength = 8;
} // namespace

namespace ReferenceGenerator {

QString next()
{
    QString reference(kLength, Qt::Uninitialized);
    for (int i = 0; i < kLength; ++i)
        reference[i] = QLatin1Char(kAlphabet[QRandomGenerator::system()->bounded(kAlphabetSize)]);
    return reference;
}

bool looksValid(const QString &reference)
{
    if (reference.size() != kLength)
        return false;
    for (const QChar c : reference) {
        if (c.unicode() > 127 || !std::strchr(kAlphabet, c.toLatin1()))
            return false;
    }
    return true;
}

} // namespace ReferenceGenerator
