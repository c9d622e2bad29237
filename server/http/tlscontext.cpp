#include "tlscontext.h"

#include "app/logcategories.h"

#include <QDateTime>
#include <QEventLoop>
#include <QFile>
#include <QLoggingCategory>
#include <QSslCertificate>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTimer>

namespace {
bool readFile(const QString &path, const char *what, QByteArray *bytes, QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = QStringLiteral("cannot read the TLS %1 file %2: %3")
                     .arg(QLatin1String(what), path, file.errorString());
        return false;
    }
    *bytes = file.readAll();
    return true;
}

QSslKey readKey(const QByteArray &pem)
{
    // QSslKey needs the algorithm up front; a PEM file names it only in its
    // header ("BEGIN PRIVATE KEY" covers both), so try each one we accept.
    for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
        const QSslKey key(pem, algorithm, QSsl::Pem, QSsl::PrivateKey);
        if (!key.isNull())
            return key;
    }
    return {};
}

// QSslKey cannot tell whether a private key belongs to a certificate, and a
// wrong pair would only show as every client's handshake failing. So one
// handshake over loopback, with this very configuration, proves the pair.
bool handshakeWorks(const QSslConfiguration &configuration, QString *why)
{
    QSslServer server;
    server.setSslConfiguration(configuration);
    server.setHandshakeTimeout(TlsContext::kHandshakeTimeoutMs);
    if (!server.listen(QHostAddress::LocalHost, 0)) {
        *why = server.errorString();
        return false;
    }
    QSslSocket client;
    QSslConfiguration clientConfiguration = QSslConfiguration::defaultConfiguration();
    clientConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone); // only the key is on trial
    client.setSslConfiguration(clientConfiguration);
    QEventLoop loop;
    bool encrypted = false;
    QObject::connect(&client, &QSslSocket::encrypted, &loop, [&] {
        encrypted = true;
        loop.quit();
    });
    QObject::connect(&client, &QSslSocket::errorOccurred, &loop, [&] {
        *why = client.errorString();
        loop.quit();
    });
    QObject::connect(&server, &QSslServer::errorOccurred, &loop,
                     [&](QSslSocket *, QAbstractSocket::SocketError) {
                         *why = QStringLiteral("the server side of the handshake failed");
                         loop.quit();
                     });
    QTimer::singleShot(TlsContext::kHandshakeTimeoutMs, &loop, [&] {
        *why = QStringLiteral("the handshake did not finish");
        loop.quit();
    });
    client.connectToHostEncrypted(QStringLiteral("127.0.0.1"), server.serverPort());
    loop.exec();
    client.abort();
    return encrypted;
}
} // namespace

std::optional<QSslConfiguration> TlsContext::load(const QString &certificateFile,
                                                  const QString &keyFile, QString *error)
{
    if (!QSslSocket::supportsSsl()) {
        *error = QStringLiteral("TLS is not available: Qt's TLS backend (%1) cannot use OpenSSL "
                                "(is libssl3 installed?)")
                     .arg(QSslSocket::activeBackend());
        return std::nullopt;
    }
    QByteArray certificatePem;
    QByteArray keyPem;
    if (!readFile(certificateFile, "certificate", &certificatePem, error) ||
        !readFile(keyFile, "key", &keyPem, error))
        return std::nullopt;
    const QList<QSslCertificate> chain = QSslCertificate::fromData(certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.first().isNull()) {
        *error = QStringLiteral("%1 holds no PEM certificate").arg(certificateFile);
        return std::nullopt;
    }
    const QSslKey key = readKey(keyPem);
    if (key.isNull()) {
        *error = QStringLiteral("%1 holds no unencrypted PEM private key (RSA or EC)").arg(keyFile);
        return std::nullopt;
    }
    const QSslCertificate &leaf = chain.first();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    if (leaf.expiryDate() < now)
        qCWarning(lcHttp) << "the TLS certificate expired on"
                          << leaf.expiryDate().toString(Qt::ISODate) << "- clients will refuse it";
    else if (leaf.effectiveDate() > now)
        qCWarning(lcHttp) << "the TLS certificate is valid only from"
                          << leaf.effectiveDate().toString(Qt::ISODate);

    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(chain);
    configuration.setPrivateKey(key);
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // clients show no certificates
    QString why;
    if (!handshakeWorks(configuration, &why)) {
        *error = QStringLiteral("the key in %1 does not work with the certificate in %2: %3")
                     .arg(keyFile, certificateFile, why);
        return std::nullopt;
    }
    return configuration;
}
