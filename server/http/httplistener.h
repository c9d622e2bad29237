#pragma once

#include <QHostAddress>
#include <QObject>
#include <QSslConfiguration>
#include <QString>
#include <QTimer>

#include <optional>

class QSocketNotifier;
class QTcpSocket;

// The listening socket, with a cap on open connections so clients cannot use
// up the process's file descriptors: over the cap a new connection gets one
// 503 server_busy answer and is closed.
//
// Not a QTcpServer: measured with Qt 6.4.2, when accept() fails with EMFILE
// QTcpServer neither emits acceptError() nor pauses; it retries at once, for
// ever, at 90% CPU. So this class accepts itself (a QSocketNotifier on a
// non-blocking listening socket) and, after a failure that only freed
// descriptors can cure, waits kAcceptRetryMs before it tries again, by itself.
//
// With a TLS configuration each accepted socket is a QSslSocket that must
// finish its server handshake (within TlsContext::kHandshakeTimeoutMs) before
// it is handed on; it holds a connection slot from the moment it is accepted,
// so clients that never finish cannot use up descriptors either.
//
// Lives on the HTTP (main) thread.
class HttpListener : public QObject
{
    Q_OBJECT
public:
    explicit HttpListener(int maxConnections, QObject *parent = nullptr);
    ~HttpListener() override;

    // Set before listen(): from then on every connection speaks TLS only.
    void setTlsConfiguration(const QSslConfiguration &configuration) { m_tls = configuration; }
    bool isEncrypted() const { return m_tls.has_value(); }

    bool listen(const QHostAddress &address, quint16 port);
    // Closes the listening socket, so the port refuses (and is free for
    // another process); connections already accepted are not touched.
    void stopAccepting();
    quint16 serverPort() const { return m_port; }
    QString errorString() const { return m_error; }
    int openConnections() const { return m_open; }
    int maxConnections() const { return m_max; }

    // min(1000, soft RLIMIT_NOFILE - reservedDescriptors), at least 1.
    static int defaultMaxConnections(int reservedDescriptors);

    // How long accepting pauses after accept() failed for lack of resources.
    static constexpr int kAcceptRetryMs = 100;
    // Refusals being written at once; past this, new connections are closed unanswered.
    static constexpr int kMaxRefusing = 32;
    // Connections the kernel completes before we accept them. Qt's default of
    // 50 makes a burst of clients wait for SYN retries (1 s, 3 s, 7 s...).
    static constexpr int kListenBacklog = 1024;

Q_SIGNALS:
    // A socket within the cap (with TLS: a QSslSocket whose handshake is done);
    // the receiver takes ownership (and must keep it
    // alive as long as the connection lasts: its destruction frees the slot).
    void connectionReady(QTcpSocket *socket);

private:
    void acceptPending();
    void incomingConnection(int descriptor);
    void refuseBusy(int descriptor);
    // A QTcpSocket (child of this) on an accepted descriptor, counted in *count
    // for as long as it exists; null (descriptor closed) if Qt cannot take it.
    QTcpSocket *adopt(int descriptor, int *count);
    // Starts the server handshake on an adopted QSslSocket; emits
    // connectionReady once it is encrypted, deletes it if it fails or stalls.
    void startHandshake(QTcpSocket *socket);

    int m_max;
    int m_fd = -1;
    quint16 m_port = 0;
    QString m_error;
    QSocketNotifier *m_notifier = nullptr;
    QTimer m_retry;
    int m_open = 0;
    int m_refusing = 0;
    int m_acceptFailures = 0; // in a row, logged once per streak
    std::optional<QSslConfiguration> m_tls;
};
