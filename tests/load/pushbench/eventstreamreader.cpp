#include "eventstreamreader.h"

QByteArray EventStreamReader::request(const QByteArray &host, const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nAccept: text/event-stream\r\n\r\n";
}

bool EventStreamReader::feed(const QByteArray &bytes, QList<QByteArray> *messages)
{
    if (!m_failure.isEmpty())
        return false;
    m_raw += bytes;
    if (!m_headDone && !readHead())
        return m_failure.isEmpty();
    if (m_chunked) {
        dechunk();
    } else {
        m_text += m_raw; // HTTP/1.0-style framing: the stream runs until the close
        m_raw.clear();
    }
    takeEvents(messages);
    return m_failure.isEmpty();
}

bool EventStreamReader::readHead()
{
    const qsizetype end = m_raw.indexOf("\r\n\r\n");
    if (end < 0)
        return false;
    const QByteArray head = m_raw.left(end);
    m_raw.remove(0, end + 4);
    if (!head.startsWith("HTTP/1.1 200")) {
        m_failure = head.left(head.indexOf("\r\n"));
        return false;
    }
    m_chunked = head.toLower().contains("\r\ntransfer-encoding: chunked");
    m_headDone = true;
    return true;
}

void EventStreamReader::dechunk()
{
    for (;;) {
        const qsizetype lineEnd = m_raw.indexOf("\r\n");
        if (lineEnd < 0)
            return;
        bool ok = false;
        const qsizetype size = m_raw.left(lineEnd).toLongLong(&ok, 16);
        if (!ok) {
            m_failure = "bad chunk size line";
            return;
        }
        if (m_raw.size() < lineEnd + 2 + size + 2)
            return;
        if (size == 0) {
            m_failure = "the server ended the stream";
            return;
        }
        m_text += m_raw.mid(lineEnd + 2, size);
        m_raw.remove(0, lineEnd + 2 + size + 2);
    }
}

void EventStreamReader::takeEvents(QList<QByteArray> *messages)
{
    for (;;) {
        const qsizetype end = m_text.indexOf("\n\n");
        if (end < 0)
            return;
        QByteArray data;
        bool hasData = false;
        // Comments (": keepalive") and retry/id/event lines carry nothing the
        // benchmark needs: the JSON names its own type.
        for (const QByteArray &line : m_text.left(end).split('\n')) {
            if (!line.startsWith("data:"))
                continue;
            QByteArray value = line.mid(5);
            if (value.startsWith(' '))
                value.remove(0, 1);
            if (hasData)
                data += '\n';
            data += value;
            hasData = true;
        }
        m_text.remove(0, end + 2);
        if (hasData)
            messages->append(data);
    }
}
