#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

struct FinishedRequest;

// The last stage of every log line: prints it in the operator's format.
// Text is Qt's own output (QT_MESSAGE_PATTERN or the server's pattern), json
// is one object per line on stderr ({"ts","level","category","msg"} plus the
// access fields; docs/logging.md). LogRedaction is installed in front of it,
// so what arrives here is already scrubbed. Thread-safe: lines arrive from
// every thread.
class LogFormat
{
public:
    enum class Format
    {
        Text,
        Json,
    };

    // "text" or "json"; nullopt for anything else.
    static std::optional<Format> parse(const QString &name);
    // Installs the printing handler (once), before LogRedaction::install().
    static void install();
    // Until called, lines are text: set it as soon as the settings are read.
    static void setFormat(Format format);
    static Format format();

    // One line of the json format, newline included (what the handler prints).
    static QByteArray jsonLine(QtMsgType type, const QMessageLogContext &context,
                               const QString &message);

    // A start that failed, as the last line before exiting: in text mode the
    // "boxoffice-server: <reason>" line scripts know, in json mode an error object.
    static void reportFatal(const QString &message);

    // The fields of the access line about to be logged on this thread, handed
    // to the JSON format beside its text so they are never parsed back out of
    // it. Lives for one qCInfo(lcAccess) call (AccessLog).
    class AccessFields
    {
    public:
        AccessFields(const FinishedRequest &request, const QString &method, const QString &path,
                     const QString &line);
        ~AccessFields();
        AccessFields(const AccessFields &) = delete;
        AccessFields &operator=(const AccessFields &) = delete;

        const FinishedRequest &request;
        const QString &method; // upper case, as in the line
        const QString &path;   // as in the line (a long one shortened)
        const QString &line;   // the text as logged, before redaction
    };
};
