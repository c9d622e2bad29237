#pragma once

#include "rawhttpresponse.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QList>
#include <QTcpSocket>
#include <QUrl>

#include <sys/socket.h>

// A test's raw TCP connection to the server: writes exact bytes and splits
// what comes back into HTTP responses, so a test can count answers (one per
// request, never two) and see whether the server closed the connection.
// Lives on the test thread.
class RawHttpConnection
{
public:
    using Response = RawHttpResponse;

    explicit RawHttpConnection(const QUrl &base)
    {
        m_socket.connectToHost(base.host(), quint16(base.port()));
        m_socket.waitForConnected(5000);
    }

    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }
    QTcpSocket &socket() { return m_socket; }
    void write(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(5000);
    }
    // Our FIN: nothing more from us, but we still read.
    void shutdownWrite()
    {
        m_socket.flush();
        ::shutdown(int(m_socket.socketDescriptor()), SHUT_WR);
    }

    // Reads until `count` complete responses (interim 1xx ones included) are
    // in, or the server closes, or timeoutMs pass. Returns all parsed so far.
    QList<Response> read(int count, int timeoutMs = 10000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (m_responses.size() < count && !deadline.hasExpired()) {
            if (!pump(deadline))
                break;
        }
        return m_responses;
    }
    // Reads until the server closes the connection (true) or timeoutMs pass.
    bool waitForClose(int timeoutMs = 10000)
    {
        const QDeadlineTimer deadline(timeoutMs);
        while (!deadline.hasExpired()) {
            if (!pump(deadline))
                return m_socket.state() != QAbstractSocket::ConnectedState;
        }
        return false;
    }
    const QList<Response> &responses() const { return m_responses; }
    QByteArray unparsed() const { return m_buffer; }

private:
    // One wait for bytes; false once the connection is closed.
    bool pump(const QDeadlineTimer &deadline)
    {
        if (m_socket.state() != QAbstractSocket::ConnectedState && m_socket.bytesAvailable() == 0)
            return false;
        if (m_socket.bytesAvailable() == 0)
            m_socket.waitForReadyRead(
                int(qBound(qint64(1), deadline.remainingTime(), qint64(200))));
        m_buffer += m_socket.readAll();
        m_responses += RawHttpResponse::takeAll(&m_buffer);
        return m_socket.state() == QAbstractSocket::ConnectedState || m_socket.bytesAvailable() > 0;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
    QList<Response> m_responses;
};
