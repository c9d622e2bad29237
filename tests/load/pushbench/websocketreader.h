#pragma once

#include <QByteArray>
#include <QList>

// Reads one GET /ws connection as it arrives, without Qt WebSockets, so that a
// subscriber costs the benchmark a socket and a buffer: the handshake answer
// (101 with the right Sec-WebSocket-Accept), then the server's frames. Text
// messages come out whole; pings are answered; a close ends the reader.
class WebSocketReader
{
public:
    WebSocketReader();

    QByteArray request(const QByteArray &host, const QByteArray &target) const;

    // Takes bytes; appends each complete text message to *messages and what must
    // be sent back (pongs) to *reply. False once the connection is unusable.
    bool feed(const QByteArray &bytes, QList<QByteArray> *messages, QByteArray *reply);
    QByteArray failure() const { return m_failure; }

private:
    bool readHead();
    void takeFrames(QList<QByteArray> *messages, QByteArray *reply);
    static QByteArray maskedFrame(int opcode, const QByteArray &payload);

    QByteArray m_key;
    QByteArray m_raw;
    QByteArray m_fragments; // a text message split over frames, until its last one
    bool m_headDone = false;
    QByteArray m_failure;
};
