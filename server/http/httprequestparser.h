#pragma once

#include "headerlist.h"

#include "errorcode.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>

// One request as it came off the wire, framing already checked.
struct HttpParsedRequest
{
    QByteArray method; // the token as sent (methods are case-sensitive)
    QByteArray target; // origin-form: starts with '/', may carry "?query"
    int minorVersion = 1;
    // Lower-cased names; values with SP/HTAB stripped around them and nothing else.
    HeaderList headers;
    QByteArray body; // de-chunked; trailers are discarded
    bool keepAlive = true;

    QByteArray value(const QByteArray &lowerCaseName) const;
    bool has(const QByteArray &lowerCaseName) const;
};

// Why a request was refused; it is answered with this and the connection closed.
struct HttpParseError
{
    ErrorCode code = ErrorCode::BadRequest; // bad_request, headers_too_large, payload_too_large
    QString message;
};

// A strict, incremental HTTP/1.1 request parser (RFC 9112), fed bytes as they
// arrive, with no I/O of its own. It exists because Qt 6.4's parser drops every
// header of a request it cannot parse fully, which turns its body into a second
// request (smuggling); ours refuses anything ambiguous instead, once, and then
// parses nothing more: after an error the connection's remaining bytes have no
// trustworthy framing.
//
// Every buffer it keeps is bounded: a request line, header lines, header count
// and body each have a limit, so one connection costs at most about
// kMaxHeaderFields * kMaxHeaderLineBytes plus kMaxBodyBytes.
class HttpRequestParser
{
public:
    static constexpr qsizetype kMaxRequestLineBytes = 128 * 1024;
    static constexpr qsizetype kMaxHeaderLineBytes = 8 * 1024;
    static constexpr int kMaxHeaderFields = 100;
    static constexpr qsizetype kMaxChunkLineBytes = 1024;

    enum class Event
    {
        NeedMore, // everything given so far is consumed; feed more
        Request,  // takeRequest() has a complete request
        Error     // error() says why; nothing more will be parsed
    };

    explicit HttpRequestParser(qsizetype maxBodyBytes);

    // Appends bytes (ignored once failed) and parses as far as they go.
    void feed(const QByteArray &bytes);
    // Parses on from what was fed; call until it says NeedMore or Error.
    Event next();
    HttpParsedRequest takeRequest();
    const HttpParseError &error() const { return m_error; }
    bool failed() const { return m_state == State::Failed; }
    // Headers of a request that asked "Expect: 100-continue" are complete and
    // its body has not all arrived yet: the client waits for 100 Continue.
    bool awaitingContinue() const;
    // Some bytes of a request (not only blank lines) have been taken in.
    bool midRequest() const { return m_state != State::RequestLine || !m_buffer.isEmpty(); }
    qsizetype bufferedBytes() const { return m_buffer.size(); }

private:
    enum class State
    {
        RequestLine,
        Headers,
        Body,
        ChunkSize,
        ChunkData,
        ChunkDataEnd,
        Trailers,
        Complete,
        Failed
    };
    enum class Line
    {
        Incomplete,
        Complete,
        Failed
    };

    Line takeLine(qsizetype limit, ErrorCode tooLong, const QString &what, QByteArray *line);
    Event fail(ErrorCode code, const QString &message);
    bool parseRequestLine(const QByteArray &line);
    bool parseHeaderLine(const QByteArray &line, bool trailer);
    bool finishHeaders();
    bool parseChunkSize(const QByteArray &line);
    // Moves up to m_remaining buffered bytes into the body (of a Content-Length
    // body or of one chunk); true when all of them have arrived.
    bool takeBodyBytes();
    void reset();

    qsizetype m_maxBodyBytes;
    State m_state = State::RequestLine;
    QByteArray m_buffer;     // fed but not yet consumed
    qsizetype m_scanned = 0; // bytes of m_buffer already searched for a line end
    HttpParsedRequest m_request;
    HttpParseError m_error;
    qint64 m_remaining = 0; // body or chunk bytes still to come
    bool m_expectContinue = false;
    int m_fieldCount = 0;
};
