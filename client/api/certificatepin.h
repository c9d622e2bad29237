#pragma once

#include "apierror.h"
#include "result.h"

#include <QByteArray>
#include <QString>

// Certificate pinning as the login dialog uses it. ApiClient::setPinnedCertificate
// (raw SHA-256 of the one leaf certificate to trust) comes with the TLS work;
// until an ApiClient has it, pinning is a no-op rather than a build break.
namespace CertificatePin {

template <typename Api> bool apply(Api &api, const QByteArray &sha256)
{
    if constexpr (requires { api.setPinnedCertificate(sha256); }) {
        api.setPinnedCertificate(sha256);
        return true;
    } else {
        return false;
    }
}

// An untrusted certificate's fingerprint ("AB:CD:...") from a failed call, or "".
inline QString untrustedFingerprint(const DomainError &error)
{
    if (error.details.value(QStringLiteral("transport")).toString() != QLatin1String("tls"))
        return {};
    return error.details.value(QStringLiteral("certificate_sha256")).toString();
}

// "AB:CD:..." -> the raw digest (QByteArray::fromHex skips the colons).
inline QByteArray digestFromFingerprint(const QString &fingerprint)
{
    return QByteArray::fromHex(fingerprint.toLatin1());
}

} // namespace CertificatePin
