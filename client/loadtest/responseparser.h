#pragma once

#include <QByteArray>

// Incremental HTTP/1.1 response parser for one keep-alive connection: bytes go in
// as they arrive, whole responses come out. Content-Length bodies only (our server
// and the reference both send it); chunked answers are reported as errors.
class ResponseParser
{
public:
    enum class State { NeedMore, Complete, Error };
    struct Response
    {
        int status = 0;
        bool keepAlive = true;
        QByteArray body;
    };

    void append(const char *data, qsizetype size) { m_buffer.append(data, size); }
    // Takes the next complete response out of the buffer.
    State next(Response &response);
    void reset();

private:
    bool parseHead(qsizetype headEnd);

    QByteArray m_buffer;
    qsizetype m_bodyStart = -1; // past the head's blank line once the head is parsed
    qsizetype m_contentLength = 0;
    Response m_head;
};
