#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

#include <functional>

// PostgreSQL array literals ('{1,2,NULL}', '{"a","b"}') built from values, for
// statements that take whole columns as arrays (one round trip for many rows,
// unnest() on the database side). Every text element is quoted with backslash
// and double quote escaped, so no user text can end or split an element.
namespace SqlArrayLiteral {

using Element = std::function<void(QString &)>;

inline void appendQuoted(QString &literal, const QString &text)
{
    literal += QLatin1Char('"');
    for (const QChar c : text) {
        if (c == QLatin1Char('"') || c == QLatin1Char('\\'))
            literal += QLatin1Char('\\');
        literal += c;
    }
    literal += QLatin1Char('"');
}

inline QString of(const QList<Element> &items)
{
    QString literal = QStringLiteral("{");
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (i > 0)
            literal += QLatin1Char(',');
        items[i](literal);
    }
    return literal + QLatin1Char('}');
}

inline Element number(qint64 value)
{
    return [value](QString &out) { out += QString::number(value); };
}
inline Element real(double value)
{
    return [value](QString &out) { out += QString::number(value, 'g', 17); };
}
inline Element boolean(bool value)
{
    return [value](QString &out) { out += value ? QStringLiteral("t") : QStringLiteral("f"); };
}
// A positive id, or NULL for 0.
inline Element idOrNull(qint64 id)
{
    return [id](QString &out) { out += id > 0 ? QString::number(id) : QStringLiteral("NULL"); };
}
inline Element textOrNull(const QString &text)
{
    return [text](QString &out) {
        if (text.isNull())
            out += QStringLiteral("NULL");
        else
            appendQuoted(out, text);
    };
}
// bytea as hex; empty is NULL.
inline Element bytesOrNull(const QByteArray &bytes)
{
    return [bytes](QString &out) {
        if (bytes.isEmpty())
            out += QStringLiteral("NULL");
        else
            appendQuoted(out, QStringLiteral("\\x") + QString::fromLatin1(bytes.toHex()));
    };
}
// An array of ids as one text element ('{"{1,2}"}'), for text[] columns whose
// elements the function casts to bigint[]; an empty list is NULL.
inline Element idListOrNull(const QList<qint64> &ids)
{
    return [ids](QString &out) {
        if (ids.isEmpty()) {
            out += QStringLiteral("NULL");
            return;
        }
        QString inner = QStringLiteral("{");
        for (qsizetype i = 0; i < ids.size(); ++i) {
            if (i > 0)
                inner += QLatin1Char(',');
            inner += QString::number(ids[i]);
        }
        appendQuoted(out, inner + QLatin1Char('}'));
    };
}
// Reads a bigint[] that came back as text ('{3,4}'); NULL or empty gives none.
inline QList<qint64> idsFrom(const QString &text)
{
    QList<qint64> ids;
    QString inner = text.trimmed();
    if (inner.startsWith(QLatin1Char('{')))
        inner = inner.mid(1, inner.size() - 2);
    for (const QString &part : inner.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 id = part.trimmed().toLongLong(&ok);
        if (ok)
            ids << id;
    }
    return ids;
}

} // namespace SqlArrayLiteral
