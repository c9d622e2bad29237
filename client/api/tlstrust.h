#pragma once

#include "result.h"

#include <QByteArray>
#include <QObject>
#include <QSslCertificate>
#include <QString>

#include <optional>

class QNetworkReply;
class QWebSocket;

// Decides, for ApiClient, whether an https:// server's certificate is trusted:
// without a pin, what the system store says (for the host in the URL); with a
// pin, exactly the certificate whose SHA-256 digest it is, whatever its chain
// or name say, and no other, however well signed. Refusing happens during the
// handshake, so no request (and no token) reaches an untrusted server.
// Lives in the GUI thread, with its ApiClient.
class TlsTrust : public QObject
{
    Q_OBJECT
public:
    explicit TlsTrust(QObject *parent = nullptr) : QObject(parent) {}

    void setPin(const QByteArray &sha256Digest) { m_pin = sha256Digest; }
    QByteArray pin() const { return m_pin; }

    // Applies the rule to one https reply (call right after sending it).
    void watch(QNetworkReply *reply);
    // The same rule for a wss:// WebSocket (live push); call before open(). A
    // refused certificate fails the TLS handshake, before the upgrade request
    // (and its token) is sent; refusedFingerprint() then names it.
    void watch(QWebSocket *socket);
    static QString refusedFingerprint(const QObject *socketOrReply);
    // For a finished reply: the refusal as ApiError::Kind::Tls (details
    // certificate_sha256), or nullopt when its certificate was not refused.
    static std::optional<DomainError> refusal(const QNetworkReply *reply);

    // "AB:CD:...": the SHA-256 digest in hex pairs joined by ':', as
    // `openssl x509 -fingerprint -sha256` prints it.
    static QString fingerprint(const QSslCertificate &certificate);

private:
    bool isPinned(const QSslCertificate &leaf) const;

    QByteArray m_pin;
};
