#pragma once

#include <QTcpSocket>

// A plain-TCP socket that hands what it is given straight to the kernel when
// nothing of its own is waiting to go out, and lets QTcpSocket buffer only the
// part the kernel does not take.
//
// Why: a buffered QTcpSocket copies every write into a 32 KiB chunk of its
// write buffer and keeps that chunk for the life of the socket (Qt 6.4's
// QRingBuffer keeps one block of its basic size between uses). With thousands
// of keep-alive connections and push subscribers that write a few hundred
// bytes now and then, those chunks were most of the server's memory
// (docs/performance.md, issue 16). Order is kept: once anything is buffered,
// later writes queue behind it.
//
// What differs from QTcpSocket: bytesWritten() is not emitted for bytes the
// kernel took at once (they never waited); bytesToWrite() counts only what
// waits. QWebSocket takes these sockets as they are (GET /ws).
class DirectWriteSocket : public QTcpSocket
{
    Q_OBJECT
public:
    using QTcpSocket::QTcpSocket;

protected:
    qint64 writeData(const char *data, qint64 size) override;
};
