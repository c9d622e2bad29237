#include "tlstrust.h"

#include "apierror.h"
#include "clientlogging.h"

#include <QNetworkReply>
#include <QSslConfiguration>
#include <QSslError>
#include <QWebSocket>

namespace {
// Set on a reply whose certificate was refused: its fingerprint, and why.
constexpr auto kRefusedCertificate = "boxoffice_refused_certificate";
constexpr auto kRefusedBecause = "boxoffice_refused_because";

QSslCertificate leafOf(const QSslConfiguration &configuration, const QList<QSslError> &errors)
{
    if (!configuration.peerCertificate().isNull())
        return configuration.peerCertificate();
    if (!configuration.peerCertificateChain().isEmpty())
        return configuration.peerCertificateChain().first();
    for (const QSslError &error : errors) {
        if (!error.certificate().isNull())
            return error.certificate();
    }
    return {};
}

void refuse(QObject *reply, const QSslCertificate &leaf, const QString &because)
{
    reply->setProperty(kRefusedCertificate, TlsTrust::fingerprint(leaf));
    reply->setProperty(kRefusedBecause, because);
}
} // namespace

QString TlsTrust::fingerprint(const QSslCertificate &certificate)
{
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

bool TlsTrust::isPinned(const QSslCertificate &leaf) const
{
    return !m_pin.isEmpty() && leaf.digest(QCryptographicHash::Sha256) == m_pin;
}

void TlsTrust::watch(QNetworkReply *reply)
{
    connect(reply, &QNetworkReply::sslErrors, this, [this, reply](const QList<QSslError> &errors) {
        const QSslCertificate leaf = leafOf(reply->sslConfiguration(), errors);
        if (isPinned(leaf)) {
            reply->ignoreSslErrors(errors); // the pin says more than the chain
            return;
        }
        QStringList reasons;
        for (const QSslError &error : errors)
            reasons << error.errorString();
        // Not ignoring them makes Qt fail the handshake.
        refuse(reply, leaf,
               m_pin.isEmpty() ? reasons.join(QStringLiteral("; "))
                               : QStringLiteral("not the pinned certificate"));
    });
    // A certificate the system trusts still has to be the pinned one.
    connect(reply, &QNetworkReply::encrypted, this, [this, reply] {
        const QSslCertificate leaf = reply->sslConfiguration().peerCertificate();
        if (m_pin.isEmpty() || leaf.digest(QCryptographicHash::Sha256) == m_pin)
            return;
        refuse(reply, leaf, QStringLiteral("not the pinned certificate"));
        reply->abort();
    });
}

void TlsTrust::watch(QWebSocket *socket)
{
    // QWebSocket has no signal between the handshake and the upgrade request, so a
    // certificate the system trusts cannot be turned down afterwards as for a
    // reply. With a pin, no authority is trusted instead: every certificate comes
    // to sslErrors, where only the pinned one is let through.
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!m_pin.isEmpty())
        configuration.setCaCertificates({});
    socket->setSslConfiguration(configuration);
    connect(socket, &QWebSocket::sslErrors, this, [this, socket](const QList<QSslError> &errors) {
        const QSslCertificate leaf = leafOf(socket->sslConfiguration(), errors);
        if (isPinned(leaf)) {
            socket->ignoreSslErrors();
            return;
        }
        QStringList reasons;
        for (const QSslError &error : errors)
            reasons << error.errorString();
        refuse(socket, leaf,
               m_pin.isEmpty() ? reasons.join(QStringLiteral("; "))
                               : QStringLiteral("not the pinned certificate"));
    });
}

QString TlsTrust::refusedFingerprint(const QObject *socketOrReply)
{
    return socketOrReply->property(kRefusedCertificate).toString();
}

std::optional<DomainError> TlsTrust::refusal(const QNetworkReply *reply)
{
    const QVariant refused = reply->property(kRefusedCertificate);
    if (!refused.isValid())
        return std::nullopt;
    const QString because = reply->property(kRefusedBecause).toString();
    qCInfo(lcApi) << reply->request().url().host() << "refused: certificate" << refused.toString()
                  << because;
    DomainError error = ApiError::make(ApiError::Kind::Tls, because);
    error.details.insert(QStringLiteral("certificate_sha256"), refused.toString());
    return error;
}
