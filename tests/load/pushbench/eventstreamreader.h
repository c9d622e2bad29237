#pragma once

#include <QByteArray>
#include <QList>

// Reads one GET /events answer as it arrives: the head (200 or a failure), the
// chunked body, and the text/event-stream events in it. What comes out is each
// event's data, the JSON message, as a browser's EventSource would hand it on.
class EventStreamReader
{
public:
    static QByteArray request(const QByteArray &host, const QByteArray &target);

    // Takes bytes; appends each complete event's data to *messages. False once
    // the answer is not a stream (see failure()).
    bool feed(const QByteArray &bytes, QList<QByteArray> *messages);
    QByteArray failure() const { return m_failure; }

private:
    bool readHead();
    void dechunk();
    void takeEvents(QList<QByteArray> *messages);

    QByteArray m_raw;  // bytes not yet de-chunked
    QByteArray m_text; // stream text not yet split into events
    bool m_headDone = false;
    bool m_chunked = false;
    QByteArray m_failure;
};
