#include "testcertificate.h"

#include <QFile>
#include <QProcess>

bool TestCertificate::generate(const QString &commonName, const QString &keyType)
{
    m_dir = std::make_unique<QTemporaryDir>();
    if (!m_dir->isValid()) {
        m_error = QStringLiteral("cannot make a temporary directory");
        return false;
    }
    m_certificatePath = m_dir->filePath(QStringLiteral("server.crt"));
    m_keyPath = m_dir->filePath(QStringLiteral("server.key"));
    QStringList arguments = {QStringLiteral("req"), QStringLiteral("-x509"),
                             QStringLiteral("-newkey")};
    arguments << keyType.split(QLatin1Char(' '));
    arguments << QStringLiteral("-nodes") << QStringLiteral("-days") << QStringLiteral("2")
              << QStringLiteral("-keyout") << m_keyPath << QStringLiteral("-out")
              << m_certificatePath << QStringLiteral("-subj")
              << QStringLiteral("/CN=%1").arg(commonName) << QStringLiteral("-addext")
              << QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1");
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("openssl"), arguments);
    if (!openssl.waitForFinished(60000) || openssl.exitStatus() != QProcess::NormalExit ||
        openssl.exitCode() != 0) {
        m_error = QStringLiteral("openssl req failed (%1): %2")
                      .arg(openssl.errorString(), QString::fromLocal8Bit(openssl.readAll()));
        return false;
    }
    const QList<QSslCertificate> certificates =
        QSslCertificate::fromPath(m_certificatePath, QSsl::Pem);
    if (certificates.size() != 1) {
        m_error =
            QStringLiteral("openssl wrote %1 certificates, expected 1").arg(certificates.size());
        return false;
    }
    m_certificate = certificates.first();
    return true;
}

QString TestCertificate::filePath(const QString &name) const
{
    return m_dir ? m_dir->filePath(name) : QString();
}

QString TestCertificate::opensslFingerprint() const
{
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                   QStringLiteral("-sha256"), QStringLiteral("-in"), m_certificatePath});
    if (!openssl.waitForFinished(30000))
        return {};
    // "sha256 Fingerprint=AB:CD:..." (the prefix's case differs between versions)
    const QString line = QString::fromLatin1(openssl.readAllStandardOutput()).trimmed();
    return line.mid(line.indexOf(QLatin1Char('=')) + 1);
}
