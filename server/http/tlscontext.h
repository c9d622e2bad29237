#pragma once

#include <QSslConfiguration>
#include <QString>

#include <optional>

// The server's TLS settings, read once at start from the PEM files given with
// --tls-cert and --tls-key: the certificate chain (leaf first), its private key
// (RSA or EC, unencrypted) and TLS 1.2 as the oldest protocol accepted.
//
// Everything that can be wrong with the files is found here, before the server
// listens, so an operator gets one clear sentence and exit code 2 rather than
// clients that fail their handshakes later. Used on the main thread at start.
class TlsContext
{
public:
    // The configuration for server sockets; nullopt with *error set when Qt has
    // no working TLS backend, a file cannot be read, holds no certificate or key,
    // or the key does not belong to the certificate.
    static std::optional<QSslConfiguration> load(const QString &certificateFile,
                                                 const QString &keyFile, QString *error);

    // How long a client may take over its handshake before it is dropped, so
    // stalled handshakes cannot hold connection slots.
    static constexpr int kHandshakeTimeoutMs = 10000;
};
