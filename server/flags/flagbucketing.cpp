#include "flagbucketing.h"

#include <QCryptographicHash>
#include <QtEndian>

#include <algorithm>
#include <cmath>

namespace FlagBucketing {

// SHA-256, not the reference's 32-bit string hash: that hash (a multiply-and-add
// over the characters) clusters, as subjects that differ only in their last
// characters (customer-41, customer-42, ...) land in neighbouring buckets, so a
// 1 % rollout to sequential ids takes a run of them, or none, instead of one in a
// hundred. A cryptographic hash spreads every input over all buckets evenly and
// independently per key, is the same on every platform and Qt version, and its
// cost (well under a microsecond for these short inputs) does not matter here.
// 64 bits modulo 1000 has a bias of about 1000 / 2^64: none worth measuring.
int bucket(const QString &key, const QString &subject)
{
    const QByteArray digest = QCryptographicHash::hash((key + QLatin1Char('/') + subject).toUtf8(),
                                                       QCryptographicHash::Sha256);
    const quint64 head = qFromBigEndian<quint64>(digest.constData());
    return int(head % quint64(kBuckets));
}

bool inside(int bucket, double percent)
{
    if (std::isnan(percent))
        return false;
    // Clamped before the conversion, so no percent can overflow it.
    const double tenths = std::round(std::clamp(percent, 0.0, 100.0) * 10);
    return bucket < int(tenths);
}

} // namespace FlagBucketing
