#include "httprequestparser.h"

namespace {
// RFC 9110 tchar: the characters of a method or a header field name.
bool isTokenChar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    return QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isToken(QByteArrayView text)
{
    if (text.isEmpty())
        return false;
    for (const char c : text) {
        if (!isTokenChar(c))
            return false;
    }
    return true;
}

// Only SP and HTAB are optional white space (RFC 9110 5.6.3); QByteArray::trimmed()
// would also take vertical tabs and form feeds, QString::trimmed() even BOMs.
QByteArray stripOws(const QByteArray &value)
{
    qsizetype begin = 0;
    qsizetype end = value.size();
    while (begin < end && (value.at(begin) == ' ' || value.at(begin) == '\t'))
        ++begin;
    while (end > begin && (value.at(end - 1) == ' ' || value.at(end - 1) == '\t'))
        --end;
    return value.mid(begin, end - begin);
}

// Fields that must appear at most once: repeating them is either a framing
// ambiguity (two lengths) or a request that means two things.
bool isSingleton(const QByteArray &name)
{
    static const QList<QByteArray> names = {"host",         "content-length", "transfer-encoding",
                                            "content-type", "authorization",  "idempotency-key",
                                            "if-match"};
    return names.contains(name);
}

QList<QByteArray> commaList(const QByteArray &value)
{
    QList<QByteArray> items;
    for (const QByteArray &item : value.split(',')) {
        const QByteArray token = stripOws(item).toLower();
        if (!token.isEmpty())
            items << token;
    }
    return items;
}
} // namespace

QByteArray HttpParsedRequest::value(const QByteArray &lowerCaseName) const
{
    return headerValue(headers, lowerCaseName);
}

bool HttpParsedRequest::has(const QByteArray &lowerCaseName) const
{
    for (const auto &header : headers) {
        if (header.first == lowerCaseName)
            return true;
    }
    return false;
}

HttpRequestParser::HttpRequestParser(qsizetype maxBodyBytes) : m_maxBodyBytes(maxBodyBytes) {}

void HttpRequestParser::feed(const QByteArray &bytes)
{
    if (m_state != State::Failed)
        m_buffer += bytes;
}

bool HttpRequestParser::awaitingContinue() const
{
    return m_expectContinue && (m_state == State::Body || m_state == State::ChunkSize) &&
           m_buffer.isEmpty() && m_request.body.isEmpty();
}

HttpRequestParser::Event HttpRequestParser::fail(ErrorCode code, const QString &message)
{
    m_state = State::Failed;
    m_error = {code, message};
    m_buffer.clear();
    m_scanned = 0;
    return Event::Error;
}

HttpRequestParser::Line HttpRequestParser::takeLine(qsizetype limit, ErrorCode tooLong,
                                                    const QString &what, QByteArray *line)
{
    // Resume the search where the last call stopped, so a client that sends
    // one byte at a time costs linear time, not quadratic.
    const qsizetype end = m_buffer.indexOf('\n', m_scanned);
    if (end < 0) {
        m_scanned = m_buffer.size();
        if (m_buffer.size() > limit + 1) {
            fail(tooLong, QStringLiteral("A %1 is longer than %2 bytes.").arg(what).arg(limit));
            return Line::Failed;
        }
        return Line::Incomplete;
    }
    m_scanned = 0;
    if (end - 1 > limit) {
        fail(tooLong, QStringLiteral("A %1 is longer than %2 bytes.").arg(what).arg(limit));
        return Line::Failed;
    }
    // Lines end in CRLF only: a bare LF (or CR) is refused rather than taken
    // as a line end, as some parsers would, which is how requests get smuggled.
    if (end == 0 || m_buffer.at(end - 1) != '\r' || m_buffer.left(end - 1).contains('\r')) {
        fail(ErrorCode::BadRequest, QStringLiteral("A bare CR or LF is not a line end."));
        return Line::Failed;
    }
    *line = m_buffer.left(end - 1);
    m_buffer.remove(0, end + 1);
    return Line::Complete;
}

HttpRequestParser::Event HttpRequestParser::next()
{
    for (;;) {
        QByteArray line;
        switch (m_state) {
        case State::Failed:
            return Event::Error;
        case State::Complete:
            reset();
            break;
        case State::RequestLine: {
            // RFC 9112 2.2: blank lines before a request line are ignored.
            while (m_buffer.startsWith("\r\n")) {
                m_buffer.remove(0, 2);
                m_scanned = 0;
            }
            const Line got = takeLine(kMaxRequestLineBytes, ErrorCode::BadRequest,
                                      QStringLiteral("request line"), &line);
            if (got != Line::Complete)
                return got == Line::Failed ? Event::Error : Event::NeedMore;
            if (!parseRequestLine(line))
                return Event::Error;
            m_state = State::Headers;
            break;
        }
        case State::Headers:
        case State::Trailers: {
            const bool trailer = m_state == State::Trailers;
            const Line got = takeLine(kMaxHeaderLineBytes, ErrorCode::HeadersTooLarge,
                                      QStringLiteral("header line"), &line);
            if (got != Line::Complete)
                return got == Line::Failed ? Event::Error : Event::NeedMore;
            if (!line.isEmpty()) {
                if (!parseHeaderLine(line, trailer))
                    return Event::Error;
                break;
            }
            if (trailer) {
                m_state = State::Complete;
                return Event::Request;
            }
            if (!finishHeaders())
                return Event::Error;
            if (m_state == State::Complete)
                return Event::Request;
            break;
        }
        case State::Body:
            if (!takeBodyBytes())
                return Event::NeedMore;
            m_state = State::Complete;
            return Event::Request;
        case State::ChunkSize: {
            const Line got = takeLine(kMaxChunkLineBytes, ErrorCode::BadRequest,
                                      QStringLiteral("chunk size line"), &line);
            if (got != Line::Complete)
                return got == Line::Failed ? Event::Error : Event::NeedMore;
            if (!parseChunkSize(line))
                return Event::Error;
            break;
        }
        case State::ChunkData:
            if (!takeBodyBytes())
                return Event::NeedMore;
            m_state = State::ChunkDataEnd;
            break;
        case State::ChunkDataEnd:
            if (m_buffer.size() < 2)
                return Event::NeedMore;
            if (!m_buffer.startsWith("\r\n"))
                return fail(ErrorCode::BadRequest, QStringLiteral("A chunk does not end in CRLF."));
            m_buffer.remove(0, 2);
            m_state = State::ChunkSize;
            break;
        }
    }
}

bool HttpRequestParser::takeBodyBytes()
{
    const qint64 take = qMin<qint64>(m_remaining, m_buffer.size());
    m_request.body += m_buffer.left(take);
    m_buffer.remove(0, take);
    m_remaining -= take;
    return m_remaining == 0;
}

HttpParsedRequest HttpRequestParser::takeRequest()
{
    HttpParsedRequest request = std::move(m_request);
    reset();
    return request;
}

void HttpRequestParser::reset()
{
    if (m_state == State::Failed)
        return;
    m_request = {};
    m_state = State::RequestLine;
    m_remaining = 0;
    m_expectContinue = false;
    m_fieldCount = 0;
}

bool HttpRequestParser::parseRequestLine(const QByteArray &line)
{
    // method SP request-target SP HTTP-version, exactly one space each
    // (RFC 9112 3): anything looser lets two parsers disagree on the target.
    const QList<QByteArray> parts = line.split(' ');
    if (parts.size() != 3) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("The request line must be: method, one space, target, one space, "
                            "HTTP version."));
        return false;
    }
    if (!isToken(parts.at(0))) {
        fail(ErrorCode::BadRequest, QStringLiteral("The method is not a token."));
        return false;
    }
    const QByteArray &target = parts.at(1);
    if (!target.startsWith('/')) {
        fail(ErrorCode::BadRequest, QStringLiteral("The request target must start with '/'."));
        return false;
    }
    for (const char c : target) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte <= 0x20 || byte >= 0x7f || c == '#') {
            fail(ErrorCode::BadRequest,
                 QStringLiteral("The request target holds a control, space, '#' or non-ASCII "
                                "byte; percent-encode it."));
            return false;
        }
    }
    const QByteArray &version = parts.at(2);
    if (version != "HTTP/1.1" && version != "HTTP/1.0") {
        fail(ErrorCode::BadRequest,
             QStringLiteral("Only HTTP/1.1 and HTTP/1.0 are spoken here, not '%1'.")
                 .arg(QString::fromLatin1(version.left(16))));
        return false;
    }
    m_request.method = parts.at(0);
    m_request.target = target;
    m_request.minorVersion = version == "HTTP/1.1" ? 1 : 0;
    return true;
}

bool HttpRequestParser::parseHeaderLine(const QByteArray &line, bool trailer)
{
    if (line.startsWith(' ') || line.startsWith('\t')) {
        // obs-fold (RFC 9112 5.2): a server may refuse it, and must not guess.
        fail(ErrorCode::BadRequest, QStringLiteral("Folded header lines are not accepted."));
        return false;
    }
    if (++m_fieldCount > kMaxHeaderFields) {
        fail(ErrorCode::HeadersTooLarge,
             QStringLiteral("More than %1 header fields.").arg(kMaxHeaderFields));
        return false;
    }
    const qsizetype colon = line.indexOf(':');
    const QByteArray name = line.left(colon);
    if (colon <= 0 || !isToken(name)) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("A header line must be a field name, a colon and a value, with "
                            "nothing before the colon."));
        return false;
    }
    const QByteArray value = stripOws(line.mid(colon + 1));
    // Control bytes in a value (NUL included) do not break framing, so they
    // are passed on: the field's user refuses them with a precise error
    // (an Idempotency-Key with NUL is invalid_field, not a broken request).
    if (trailer)
        return true; // trailers are read for framing only, never used
    const QByteArray lower = name.toLower();
    if (isSingleton(lower) && m_request.has(lower)) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("Header '%1' is given more than once.").arg(QString::fromLatin1(name)));
        return false;
    }
    m_request.headers.append(qMakePair(lower, value));
    return true;
}

bool HttpRequestParser::finishHeaders()
{
    HttpParsedRequest &r = m_request;
    if (r.minorVersion == 1 && !r.has("host")) {
        fail(ErrorCode::BadRequest, QStringLiteral("An HTTP/1.1 request needs a Host header."));
        return false;
    }
    const QList<QByteArray> connection = commaList(r.value("connection"));
    r.keepAlive =
        r.minorVersion == 1 ? !connection.contains("close") : connection.contains("keep-alive");
    // RFC 9110 10.1.1: no 100 Continue for an HTTP/1.0 client.
    m_expectContinue = r.minorVersion == 1 && r.value("expect").toLower() == "100-continue";

    const bool chunked = r.has("transfer-encoding");
    if (chunked) {
        if (r.has("content-length")) {
            fail(ErrorCode::BadRequest,
                 QStringLiteral("Transfer-Encoding and Content-Length together are ambiguous."));
            return false;
        }
        if (r.minorVersion == 0 || r.value("transfer-encoding").toLower() != "chunked") {
            fail(ErrorCode::BadRequest,
                 QStringLiteral("The only transfer coding accepted is 'chunked' (HTTP/1.1)."));
            return false;
        }
        m_state = State::ChunkSize;
        return true;
    }
    qint64 length = 0;
    if (r.has("content-length")) {
        const QByteArray text = r.value("content-length");
        // Digits only: no sign, no list ("5, 5"), at most 18 so it cannot overflow.
        bool digits = !text.isEmpty() && text.size() <= 18;
        for (const char c : text)
            digits = digits && c >= '0' && c <= '9';
        if (!digits) {
            fail(ErrorCode::BadRequest,
                 QStringLiteral("Content-Length must be a decimal number of bytes."));
            return false;
        }
        length = text.toLongLong();
    }
    if (length > m_maxBodyBytes) {
        fail(ErrorCode::PayloadTooLarge,
             QStringLiteral("The request body is larger than %1 bytes.").arg(m_maxBodyBytes));
        return false;
    }
    m_remaining = length;
    m_state = length > 0 ? State::Body : State::Complete;
    return true;
}

bool HttpRequestParser::parseChunkSize(const QByteArray &line)
{
    // chunk-size [ ";" chunk-ext ], extensions are allowed and ignored.
    const qsizetype semicolon = line.indexOf(';');
    const QByteArray size = semicolon < 0 ? line : line.left(semicolon);
    bool hex = !size.isEmpty() && size.size() <= 16;
    for (const char c : size)
        hex = hex && QByteArrayView("0123456789abcdefABCDEF").contains(c);
    if (!hex) {
        fail(ErrorCode::BadRequest,
             QStringLiteral("A chunk size must be 1 to 16 hexadecimal digits."));
        return false;
    }
    const quint64 chunk = size.toULongLong(nullptr, 16);
    if (chunk > quint64(m_maxBodyBytes - m_request.body.size())) {
        fail(ErrorCode::PayloadTooLarge,
             QStringLiteral("The request body is larger than %1 bytes.").arg(m_maxBodyBytes));
        return false;
    }
    m_remaining = qint64(chunk);
    m_state = chunk == 0 ? State::Trailers : State::ChunkData;
    return true;
}
