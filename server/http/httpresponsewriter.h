#pragma once

#include "apiresponse.h"

#include <QByteArray>

// The bytes of an HTTP/1.1 answer: status line, Content-Type (whatever the
// response carries), framing, Date and the response's own headers.
class HttpResponseWriter
{
public:
    enum class Framing
    {
        Length,    // Content-Length and the whole body
        Chunked,   // a stream on HTTP/1.1: the head only, chunks follow
        UntilClose // a stream to an HTTP/1.0 client: the body ends with the connection
    };

    // The head, and the body for Framing::Length unless headOnly (HEAD).
    static QByteArray serialise(const ApiResponse &response, bool close, bool headOnly,
                                Framing framing = Framing::Length);
    // One chunk of a chunked body.
    static QByteArray chunk(const QByteArray &bytes);
};
