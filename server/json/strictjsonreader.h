#pragma once

#include "result.h"

#include <QByteArray>
#include <QJsonValue>

// Reads a request body as strict RFC 8259 JSON into Qt's JSON types. Qt 6.4's own
// reader is lax (".5e1" is 5, "\q" is "q", raw control bytes and lone surrogates are
// taken, the last of two equal keys wins), so every body goes through this instead.
// Stateless: any thread may call it.
class StrictJsonReader
{
public:
    // Qt 6.4's reader allows 1024 levels of arrays and objects; the same limit keeps
    // every body Qt took readable, and it is far beyond any body of the API.
    static constexpr int kMaxDepth = 1024;

    // The value, or InvalidJson with a message that says what is wrong and at which
    // byte offset. Also refused: a key given twice in one object (at any depth),
    // invalid UTF-8, a lone surrogate escape. Accepted: one UTF-8 byte order mark
    // before the text (RFC 8259 section 8.1 allows ignoring it; Qt took it too).
    // Numbers keep Qt's reading: an integral value that fits in 64 bits is an
    // integer (2.0, 1e2 and -0 are the integers 2, 100 and 0), anything else a double.
    static Result<QJsonValue> read(const QByteArray &json);
};
