#pragma once

#include "logformat.h"

#include <QString>

class QCommandLineParser;
class QProcessEnvironment;

// The log settings (--log-format, --access-log), read like the rest of
// ServerConfig: the option wins over its environment variable.
struct LogConfig
{
    LogFormat::Format format = LogFormat::Format::Text;
    bool accessLog = true; // one line per request under boxoffice.http.access

    static void addOptions(QCommandLineParser &parser);
    // false with *error set (naming the option) for a value that makes no sense.
    static bool read(const QCommandLineParser &parser, const QProcessEnvironment &env,
                     LogConfig *config, QString *error);
};
