#pragma once

#include "httprequestparser.h"

#include <QObject>
#include <QTimer>

class QTcpSocket;

// One plain-HTTP connection on the --http-redirect-port: its first request is
// answered with 308 Permanent Redirect to the same target on the HTTPS port
// (400 when it names no usable Host), and the connection is closed. Nothing
// else is served in plain text, so nothing can be read or sent unencrypted.
// Owns its socket; deletes itself when the socket goes.
//
// Lives on the HTTP (main) thread.
class TlsRedirectConnection : public QObject
{
    Q_OBJECT
public:
    TlsRedirectConnection(QTcpSocket *socket, quint16 httpsPort, QObject *parent);

    // A client that sends no complete request within this is dropped.
    static constexpr int kRequestTimeoutMs = 10000;

    // "https://<host>:<httpsPort><target>" for a Host header ("name", "name:port",
    // "[v6]" or "[v6]:port"); empty when the header is no host name at all, as a
    // Location must never carry what a client smuggled into its Host.
    static QByteArray location(const QByteArray &host, quint16 httpsPort, const QByteArray &target);

private:
    void readIncoming();
    void answer(const QByteArray &bytes);

    QTcpSocket *m_socket;
    quint16 m_httpsPort;
    HttpRequestParser m_parser;
    QTimer m_timeout;
    bool m_answered = false;
};
