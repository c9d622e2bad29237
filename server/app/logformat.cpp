#include "logformat.h"

#include "http/requestobserver.h"
#include "logcategories.h"
#include "logredaction.h"

#include <QDateTime>

#include <atomic>
#include <cstdio>

namespace {
QtMessageHandler g_text = nullptr; // Qt's own handler, for the text format
std::atomic<bool> g_installed = false;
std::atomic<LogFormat::Format> g_format = LogFormat::Format::Text;
// Set only while AccessLog logs one line on this thread (LogFormat::AccessFields).
thread_local const LogFormat::AccessFields *t_access = nullptr;

const char *levelName(QtMsgType type)
{
    switch (type) {
    case QtDebugMsg:
        return "debug";
    case QtInfoMsg:
        return "info";
    case QtWarningMsg:
        return "warning";
    case QtCriticalMsg:
        return "error";
    case QtFatalMsg:
        return "fatal";
    }
    return "info";
}

// A JSON string (RFC 8259): quotes, backslashes and every control character
// escaped, so no message can end its line or its object early.
void appendString(QByteArray &out, QStringView text)
{
    static const char hex[] = "0123456789abcdef";
    out += '"';
    const QByteArray utf8 = text.toUtf8();
    for (const char c : utf8) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\t') {
            out += "\\t";
        } else if (byte < 0x20 || byte == 0x7f) {
            out += "\\u00";
            out += hex[byte >> 4];
            out += hex[byte & 0xf];
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendStringField(QByteArray &out, const char *name, const QString &value, bool scrub)
{
    out += ",\"";
    out += name;
    out += "\":";
    appendString(out, scrub ? LogRedaction::scrub(value) : value);
}

void appendNumberField(QByteArray &out, const char *name, const QByteArray &number)
{
    out += ",\"";
    out += name;
    out += "\":";
    out += number;
}

// The fields are the line's parts: when the redaction left the line as it
// was, none of them holds a secret; otherwise each is scrubbed on its own.
void appendAccessFields(QByteArray &out, const LogFormat::AccessFields &fields, bool scrub)
{
    const FinishedRequest &request = fields.request;
    const double milliseconds = std::chrono::duration<double, std::milli>(request.duration).count();
    appendStringField(out, "request_id", QString::fromLatin1(request.requestId), scrub);
    appendStringField(out, "method", fields.method, scrub);
    appendStringField(out, "path", fields.path, scrub);
    appendStringField(out, "route", request.route, scrub);
    appendNumberField(out, "status", QByteArray::number(request.status));
    appendNumberField(out, "duration_ms", QByteArray::number(milliseconds, 'f', 3));
    appendNumberField(out, "bytes", QByteArray::number(request.bodyBytes));
    appendStringField(out, "client", request.clientAddress, scrub);
    appendStringField(out, "actor", request.actor, scrub);
    appendNumberField(out, "dropped", request.dropped ? "true" : "false");
}

void printingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    if (g_format.load(std::memory_order_relaxed) == LogFormat::Format::Text) {
        g_text(type, context, message);
        return;
    }
    // One write per line: stderr is unbuffered and stdio locks it, so lines
    // from different threads never interleave.
    const QByteArray line = LogFormat::jsonLine(type, context, message);
    std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
}
} // namespace

std::optional<LogFormat::Format> LogFormat::parse(const QString &name)
{
    if (name == QLatin1String("text"))
        return Format::Text;
    if (name == QLatin1String("json"))
        return Format::Json;
    return std::nullopt;
}

void LogFormat::install()
{
    if (g_installed.exchange(true))
        return;
    // Qt returns its default handler when none was installed, never null.
    g_text = qInstallMessageHandler(printingHandler);
}

void LogFormat::setFormat(Format format)
{
    g_format.store(format, std::memory_order_relaxed);
}

LogFormat::Format LogFormat::format()
{
    return g_format.load(std::memory_order_relaxed);
}

QByteArray LogFormat::jsonLine(QtMsgType type, const QMessageLogContext &context,
                               const QString &message)
{
    const char *category = context.category ? context.category : "default";
    QByteArray out;
    out.reserve(128 + message.size());
    out += "{\"ts\":\"";
    out += QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs).toLatin1();
    out += "\",\"level\":\"";
    out += levelName(type);
    out += "\",\"category\":";
    appendString(out, QString::fromLatin1(category));
    out += ",\"msg\":";
    appendString(out, message);
    if (t_access && qstrcmp(category, lcAccess().categoryName()) == 0)
        appendAccessFields(out, *t_access, message != t_access->line);
    out += "}\n";
    return out;
}

void LogFormat::reportFatal(const QString &message)
{
    // Printed directly, not through qCCritical: no logging rule may hide why
    // the server did not start.
    if (format() == Format::Json) {
        const QMessageLogContext context(nullptr, 0, nullptr, lcServer().categoryName());
        const QByteArray line = jsonLine(QtCriticalMsg, context, LogRedaction::scrub(message));
        std::fwrite(line.constData(), 1, size_t(line.size()), stderr);
        return;
    }
    std::fprintf(stderr, "boxoffice-server: %s\n", qPrintable(LogRedaction::scrub(message)));
}

LogFormat::AccessFields::AccessFields(const FinishedRequest &request, const QString &method,
                                      const QString &path, const QString &line)
    : request(request), method(method), path(path), line(line)
{
    t_access = this;
}

LogFormat::AccessFields::~AccessFields()
{
    t_access = nullptr;
}
