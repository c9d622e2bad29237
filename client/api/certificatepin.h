#pragma once

#include "apiclient.h"
#include "apierror.h"
#include "result.h"

#include <QByteArray>
#include <QString>

// Certificate pinning as the login dialog and the session use it, on top of
// ApiClient::setPinnedCertificate (raw SHA-256 of the one leaf certificate to
// trust) and the fingerprint a refused certificate's error carries.
namespace CertificatePin {

inline void apply(ApiClient &api, const QByteArray &sha256)
{
    api.setPinnedCertificate(sha256);
}

// An untrusted certificate's fingerprint ("AB:CD:...") from a failed call, or "".
inline QString untrustedFingerprint(const DomainError &error)
{
    if (ApiError::kind(error) != ApiError::Kind::Tls)
        return {};
    return ApiError::certificateSha256(error);
}

// "AB:CD:..." -> the raw digest (QByteArray::fromHex skips the colons).
inline QByteArray digestFromFingerprint(const QString &fingerprint)
{
    return QByteArray::fromHex(fingerprint.toLatin1());
}

} // namespace CertificatePin
