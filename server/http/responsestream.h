#pragma once

#include <QByteArray>
#include <QObject>

#include <functional>

// The open end of a long-lived response (an event stream, later a download):
// what a handler writes here goes to the client as one chunk, until close().
// Created by the connection after the response head is written; destroyed
// with the connection, so producers hold it in a QPointer (null = the client
// has gone, stop producing). A connection with an open stream is never closed
// by the idle timer: silence on it is normal.
//
// Lives on the HTTP (main) thread, like its connection.
class ResponseStream : public QObject
{
    Q_OBJECT
public:
    explicit ResponseStream(QObject *parent = nullptr) : QObject(parent) {}

    // Queues bytes for the client (nothing happens for an empty array).
    void write(const QByteArray &bytes)
    {
        if (!m_closed && !bytes.isEmpty())
            emit chunkReady(bytes);
    }
    // Ends the response; the connection then goes on with its next request.
    void close()
    {
        if (m_closed)
            return;
        m_closed = true;
        emit finished();
    }
    bool isClosed() const { return m_closed; }
    // What was written and the client has not taken yet (the socket's
    // buffers), for producers that bound their queue (live push).
    qint64 unsentBytes() const { return m_unsent ? m_unsent() : 0; }
    // Hands what the socket buffers to the kernel now, as far as it takes it,
    // instead of at the event loop's next turn (a burst written in one turn
    // would otherwise look like a client that does not read).
    void flush()
    {
        if (m_flush)
            m_flush();
    }
    void setSocketAccess(std::function<qint64()> unsent, std::function<void()> flush)
    {
        m_unsent = std::move(unsent);
        m_flush = std::move(flush);
    }

Q_SIGNALS:
    void chunkReady(const QByteArray &bytes);
    void finished();

private:
    bool m_closed = false;
    std::function<qint64()> m_unsent;
    std::function<void()> m_flush;
};
