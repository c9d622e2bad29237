#include "apierror.h"

#include <QCoreApplication>
#include <QJsonArray>

namespace ApiError {
namespace {
constexpr auto kTransportKey = "transport";
constexpr auto kStatusKey = "http_status";
constexpr auto kCertificateKey = "certificate_sha256";

QString kindName(Kind kind)
{
    switch (kind) {
    case Kind::Unreachable:
        return QStringLiteral("unreachable");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::BadResponse:
        return QStringLiteral("bad_response");
    case Kind::Tls:
        return QStringLiteral("tls");
    case Kind::Rejected:
        break;
    }
    return {};
}
} // namespace

DomainError make(Kind kind, const QString &message, int status)
{
    DomainError error{ErrorCode::Internal, message, {}};
    if (kind != Kind::Rejected)
        error.details.insert(QLatin1String(kTransportKey), kindName(kind));
    if (status > 0)
        error.details.insert(QLatin1String(kStatusKey), status);
    return error;
}

Kind kind(const DomainError &error)
{
    const QString name = error.details.value(QLatin1String(kTransportKey)).toString();
    for (Kind k : {Kind::Unreachable, Kind::Timeout, Kind::BadResponse, Kind::Tls}) {
        if (name == kindName(k))
            return k;
    }
    return Kind::Rejected;
}

int httpStatus(const DomainError &error)
{
    return error.details.value(QLatin1String(kStatusKey)).toInt();
}

QString certificateSha256(const DomainError &error)
{
    return error.details.value(QLatin1String(kCertificateKey)).toString();
}

QStringList seatLabels(const DomainError &error)
{
    QStringList labels;
    for (const QJsonValue &label : error.details.value(QLatin1String("seats")).toArray()) {
        if (label.isString())
            labels << label.toString();
    }
    return labels;
}

QString codeName(const DomainError &error)
{
    if (kind(error) == Kind::Rejected)
        return errorCodeName(error.code);
    return error.details.value(QLatin1String("code")).toString();
}

bool isTransport(const DomainError &error)
{
    const Kind k = kind(error);
    return k == Kind::Unreachable || k == Kind::Timeout;
}

QString describe(const DomainError &error)
{
    switch (kind(error)) {
    case Kind::Unreachable:
        return QCoreApplication::translate("ApiError", "Server unreachable: %1").arg(error.message);
    case Kind::Timeout:
        return QCoreApplication::translate("ApiError", "The server did not answer in time");
    case Kind::BadResponse:
        return QCoreApplication::translate("ApiError", "The server sent an unusable answer: %1")
            .arg(error.message);
    case Kind::Tls:
        return QCoreApplication::translate("ApiError",
                                           "The server's certificate is not trusted (%1); its "
                                           "SHA-256 fingerprint is %2")
            .arg(error.message, certificateSha256(error));
    case Kind::Rejected:
        break;
    }
    return error.message;
}

} // namespace ApiError
