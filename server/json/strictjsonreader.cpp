#include "strictjsonreader.h"

#include <QJsonArray>
#include <QJsonObject>

#include <nlohmann/json.hpp>

#include <cmath>
#include <iterator>
#include <string>
#include <vector>

namespace {

// A pointer into the body that records how far nlohmann's parser has read, so that
// refusals only the handler knows about (a repeated key, too deep) can name an offset.
class TrackedIterator
{
public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = char;
    using difference_type = std::ptrdiff_t;
    using pointer = const char *;
    using reference = const char &;

    TrackedIterator() = default;
    TrackedIterator(const char *position, const char **reached)
        : m_position(position), m_reached(reached)
    {
    }

    reference operator*() const { return *m_position; }
    TrackedIterator &operator++()
    {
        ++m_position;
        if (m_reached)
            *m_reached = m_position;
        return *this;
    }
    TrackedIterator operator++(int)
    {
        TrackedIterator before = *this;
        ++*this;
        return before;
    }
    bool operator==(const TrackedIterator &other) const { return m_position == other.m_position; }

private:
    const char *m_position = nullptr;
    const char **m_reached = nullptr;
};

// Text from the body or from nlohmann's messages, safe and short enough for an error message.
QString printable(const QString &text, int maxLength)
{
    QString result;
    for (const QChar c : text) {
        if (result.size() >= maxLength) {
            result += QStringLiteral("...");
            break;
        }
        result += (c.unicode() < 0x20 || c.unicode() == 0x7f || c.isSurrogate()) ? QChar(u'?') : c;
    }
    return result;
}

// What nlohmann says went wrong, without its exception prefix, position and echo
// of the token: "[json.exception.parse_error.101] parse error at line 1, column 31:
// syntax error while parsing value - invalid literal; last read: '.5'" becomes
// "invalid literal".
QString reasonOf(const nlohmann::json::exception &error)
{
    QString what = QString::fromUtf8(error.what());
    const qsizetype prefixEnd = what.indexOf(QLatin1String("] "));
    if (prefixEnd >= 0)
        what = what.mid(prefixEnd + 2);
    const qsizetype dash = what.indexOf(QLatin1String(" - "));
    if (what.startsWith(QLatin1String("parse error")) && dash >= 0)
        what = what.mid(dash + 3);
    const qsizetype echo = what.indexOf(QLatin1String("; last read:"));
    if (echo >= 0)
        what.truncate(echo);
    if (what.startsWith(QLatin1String("number overflow"))) // "... parsing '1e400'": no echo
        return QStringLiteral("number out of range");
    return printable(what, 120);
}

// Builds Qt's JSON values directly from nlohmann's SAX events. Containers being
// filled wait on a stack; each is added to its parent when it closes.
class QtJsonBuilder
{
public:
    using json = nlohmann::json;

    explicit QtJsonBuilder(const char *begin, const char **reached)
        : m_begin(begin), m_reached(reached)
    {
    }

    bool null() { return add(QJsonValue(QJsonValue::Null)); }
    bool boolean(bool value) { return add(QJsonValue(value)); }
    bool number_integer(json::number_integer_t value) { return add(QJsonValue(qint64(value))); }
    bool number_unsigned(json::number_unsigned_t value)
    {
        if (value <= json::number_unsigned_t(std::numeric_limits<qint64>::max()))
            return add(QJsonValue(qint64(value)));
        return add(QJsonValue(double(value)));
    }
    bool number_float(json::number_float_t value, const json::string_t &)
    {
        // As Qt's reader: a double with an exact 64-bit integer value becomes that
        // integer, so "seats": 2.0 reads as it always did (and -0.0 as 0).
        constexpr double kTwoTo63 = 9223372036854775808.0;
        if (std::trunc(value) == value && value >= -kTwoTo63 && value < kTwoTo63)
            return add(QJsonValue(qint64(value)));
        return add(QJsonValue(value));
    }
    bool string(json::string_t &value) { return add(QJsonValue(fromUtf8(value))); }
    bool binary(json::binary_t &) { return false; } // not produced by the JSON parser

    bool start_object(std::size_t) { return open(true); }
    bool key(json::string_t &value)
    {
        const QString key = fromUtf8(value);
        if (m_stack.back().object.contains(key))
            return refuse(QStringLiteral("the key \"%1\" appears twice in one object")
                              .arg(printable(key, 40)),
                          openingQuote(consumed() - 1));
        m_stack.back().key = key;
        return true;
    }
    bool end_object() { return close(); }
    bool start_array(std::size_t) { return open(false); }
    bool end_array() { return close(); }

    bool parse_error(std::size_t position, const std::string &, const json::exception &error)
    {
        // position counts the bytes read, the failing one included.
        return refuse(reasonOf(error), position > 0 ? qsizetype(position) - 1 : 0);
    }

    bool failed() const { return !m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    qsizetype errorOffset() const { return m_errorOffset; }
    QJsonValue result() const { return m_root; }

private:
    struct Container
    {
        bool isObject = false;
        QJsonObject object;
        QJsonArray array;
        QString key; // the key whose value comes next
    };

    static QString fromUtf8(const json::string_t &text)
    {
        // nlohmann has checked the UTF-8 and decoded the escapes; "\u0000" is a NUL
        // byte inside the string, kept so that the field checks can refuse it by name.
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }

    qsizetype consumed() const { return *m_reached - m_begin; }

    // The opening quote of the string whose closing quote is at closing: the first
    // quote before it that no backslash escapes (the string is valid, nlohmann read it).
    qsizetype openingQuote(qsizetype closing) const
    {
        for (qsizetype i = closing - 1; i >= 0; --i) {
            if (m_begin[i] != '"')
                continue;
            qsizetype backslashes = 0;
            while (i - backslashes > 0 && m_begin[i - backslashes - 1] == '\\')
                ++backslashes;
            if (backslashes % 2 == 0)
                return i;
        }
        return closing;
    }

    bool add(const QJsonValue &value)
    {
        if (m_stack.empty()) {
            m_root = value;
        } else if (m_stack.back().isObject) {
            m_stack.back().object.insert(m_stack.back().key, value);
        } else {
            m_stack.back().array.append(value);
        }
        return true;
    }

    bool open(bool isObject)
    {
        if (m_stack.size() >= std::size_t(StrictJsonReader::kMaxDepth))
            return refuse(
                QStringLiteral("nested deeper than %1 levels").arg(StrictJsonReader::kMaxDepth),
                consumed() - 1);
        m_stack.push_back(Container{isObject, {}, {}, {}});
        return true;
    }

    bool close()
    {
        Container done = std::move(m_stack.back());
        m_stack.pop_back();
        return done.isObject ? add(QJsonValue(done.object)) : add(QJsonValue(done.array));
    }

    bool refuse(const QString &error, qsizetype offset)
    {
        m_error = error;
        m_errorOffset = offset;
        return false;
    }

    const char *m_begin;
    const char **m_reached;
    std::vector<Container> m_stack;
    QJsonValue m_root;
    QString m_error;
    qsizetype m_errorOffset = 0;
};

} // namespace

Result<QJsonValue> StrictJsonReader::read(const QByteArray &json)
{
    const char *begin = json.constData();
    const char *reached = begin;
    QtJsonBuilder builder(begin, &reached);
    const bool parsed = nlohmann::json::sax_parse(
        TrackedIterator(begin, &reached), TrackedIterator(begin + json.size(), &reached), &builder,
        nlohmann::json::input_format_t::json, /*strict: nothing may follow*/ true,
        /*ignore_comments*/ false);
    // nlohmann takes a NUL byte for the end of the input (for C strings), so a body
    // "{}\0anything" would pass; inside a string it is refused as a control character.
    const qsizetype nul = json.indexOf('\0');
    if (parsed && !builder.failed() && nul >= 0)
        return Result<QJsonValue>::failure(
            ErrorCode::InvalidJson,
            QStringLiteral("The body is not valid JSON: a NUL byte at offset %1.").arg(nul));
    if (!parsed || builder.failed()) {
        const QString reason =
            builder.failed() ? builder.error() : QStringLiteral("the body could not be read");
        return Result<QJsonValue>::failure(
            ErrorCode::InvalidJson, QStringLiteral("The body is not valid JSON: %1 at offset %2.")
                                        .arg(reason)
                                        .arg(builder.errorOffset()));
    }
    return builder.result();
}
