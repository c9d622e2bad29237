#pragma once

#include <QTcpServer>

class QTcpSocket;

// The listening socket, with a cap on open connections so clients cannot use
// up the process's file descriptors: over the cap a new connection gets one
// 503 server_busy answer and is closed. Qt 6.4's QTcpServer stops accepting
// for good after an accept() failure such as EMFILE (pauseAccepting() before
// acceptError); this listener resumes by itself shortly after.
//
// Lives on the HTTP (main) thread.
class HttpListener : public QTcpServer
{
    Q_OBJECT
public:
    HttpListener(int maxConnections, QObject *parent = nullptr);

    int openConnections() const { return m_open; }
    int maxConnections() const { return m_max; }

    // min(1000, soft RLIMIT_NOFILE - reservedDescriptors), at least 1.
    static int defaultMaxConnections(int reservedDescriptors);

    // How long accepting pauses after accept() failed.
    static constexpr int kAcceptRetryMs = 100;
    // Refusals being written at once; past this, new connections are closed unanswered.
    static constexpr int kMaxRefusing = 32;

Q_SIGNALS:
    // A socket within the cap; the receiver takes ownership (and must keep it
    // alive as long as the connection lasts: its destruction frees the slot).
    void connectionReady(QTcpSocket *socket);

protected:
    void incomingConnection(qintptr descriptor) override;

private:
    void refuseBusy(qintptr descriptor);

    int m_max;
    int m_open = 0;
    int m_refusing = 0;
};
