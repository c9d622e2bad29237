#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

// A request's header fields as the parser read them: lower-cased names,
// values trimmed, in the order sent.
using HeaderList = QList<QPair<QByteArray, QByteArray>>;

// The first field of that name; empty when there is none.
inline QByteArray headerValue(const HeaderList &headers, const QByteArray &lowerCaseName)
{
    for (const auto &[name, value] : headers) {
        if (name == lowerCaseName)
            return value;
    }
    return {};
}
