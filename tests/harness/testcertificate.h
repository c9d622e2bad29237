#pragma once

#include <QSslCertificate>
#include <QString>
#include <QTemporaryDir>

#include <memory>

// A self-signed server certificate and its key, made by Debian's openssl in a
// temporary directory (removed with this object), for servers under test that
// speak TLS. The certificate names localhost and 127.0.0.1.
class TestCertificate
{
public:
    // Runs `openssl req -x509 -newkey <keyType> ...`; keyType "rsa:2048" or
    // "ec -pkeyopt ec_paramgen_curve:P-256". False with errorString() set.
    bool generate(const QString &commonName = QStringLiteral("localhost"),
                  const QString &keyType = QStringLiteral("rsa:2048"));

    QString certificatePath() const { return m_certificatePath; }
    QString keyPath() const { return m_keyPath; }
    QSslCertificate certificate() const { return m_certificate; }
    // The directory the files live in, for a test's own files (a broken key).
    QString filePath(const QString &name) const;
    QString errorString() const { return m_error; }

    // The SHA-256 fingerprint as `openssl x509 -fingerprint -sha256` prints it
    // ("AB:CD:..."), computed by openssl itself, not by Qt.
    QString opensslFingerprint() const;

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_certificatePath;
    QString m_keyPath;
    QSslCertificate m_certificate;
    QString m_error;
};
