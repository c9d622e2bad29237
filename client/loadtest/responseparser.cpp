#include "responseparser.h"

#include <QByteArrayView>

void ResponseParser::reset()
{
    m_buffer.clear();
    m_bodyStart = -1;
    m_contentLength = 0;
}

bool ResponseParser::parseHead(qsizetype headEnd)
{
    const QByteArrayView head(m_buffer.constData(), headEnd);
    // "HTTP/1.1 201 Created"
    if (!head.startsWith("HTTP/1.") || head.size() < 12)
        return false;
    bool ok = false;
    m_head = Response{};
    m_head.status = head.sliced(9, 3).toInt(&ok);
    if (!ok)
        return false;
    m_head.keepAlive = head.at(7) == '1';
    m_contentLength = 0;
    qsizetype lineStart = head.indexOf("\r\n") + 2;
    while (lineStart > 1 && lineStart < head.size()) {
        qsizetype lineEnd = head.indexOf("\r\n", lineStart);
        if (lineEnd < 0)
            lineEnd = head.size();
        const QByteArrayView line = head.sliced(lineStart, lineEnd - lineStart);
        const qsizetype colon = line.indexOf(':');
        if (colon > 0) {
            const QByteArray name = line.first(colon).toByteArray().toLower();
            const QByteArrayView value = line.sliced(colon + 1).trimmed();
            if (name == "content-length") {
                m_contentLength = value.toLongLong(&ok);
                if (!ok || m_contentLength < 0)
                    return false;
            } else if (name == "transfer-encoding") {
                return false;
            } else if (name == "connection") {
                const QByteArray v = value.toByteArray().toLower();
                if (v == "close")
                    m_head.keepAlive = false;
                else if (v == "keep-alive")
                    m_head.keepAlive = true;
            }
        }
        lineStart = lineEnd + 2;
    }
    return true;
}

ResponseParser::State ResponseParser::next(Response &response)
{
    if (m_bodyStart < 0) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return m_buffer.size() > 64 * 1024 ? State::Error : State::NeedMore;
        if (!parseHead(headEnd))
            return State::Error;
        m_bodyStart = headEnd + 4;
    }
    if (m_buffer.size() - m_bodyStart < m_contentLength)
        return State::NeedMore;
    response = m_head;
    response.body = m_buffer.mid(m_bodyStart, m_contentLength);
    m_buffer.remove(0, m_bodyStart + m_contentLength);
    m_bodyStart = -1;
    return State::Complete;
}
