#include "logconfig.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace {
const QString kFormatOption = QStringLiteral("log-format");
const QString kFormatVariable = QStringLiteral("BOXOFFICE_LOG_FORMAT");
const QString kAccessOption = QStringLiteral("access-log");
const QString kAccessVariable = QStringLiteral("BOXOFFICE_ACCESS_LOG");

QString pick(const QCommandLineParser &parser, const QString &option,
             const QProcessEnvironment &env, const QString &variable)
{
    if (parser.isSet(option))
        return parser.value(option);
    return env.value(variable);
}
} // namespace

void LogConfig::addOptions(QCommandLineParser &parser)
{
    parser.addOption(QCommandLineOption(
        kFormatOption,
        QStringLiteral("Log lines as text (default) or json, one object per line (env "
                       "BOXOFFICE_LOG_FORMAT)."),
        QStringLiteral("text|json")));
    parser.addOption(QCommandLineOption(
        kAccessOption,
        QStringLiteral("One log line per request under boxoffice.http.access: on (default) or "
                       "off (env BOXOFFICE_ACCESS_LOG)."),
        QStringLiteral("on|off")));
}

bool LogConfig::read(const QCommandLineParser &parser, const QProcessEnvironment &env,
                     LogConfig *config, QString *error)
{
    LogConfig c;
    if (const QString text = pick(parser, kFormatOption, env, kFormatVariable); !text.isEmpty()) {
        const auto format = LogFormat::parse(text);
        if (!format) {
            *error = QStringLiteral("--log-format must be text or json, not '%1'").arg(text);
            return false;
        }
        c.format = *format;
    }
    if (const QString text = pick(parser, kAccessOption, env, kAccessVariable); !text.isEmpty()) {
        if (text != QLatin1String("on") && text != QLatin1String("off")) {
            *error = QStringLiteral("--access-log must be on or off, not '%1'").arg(text);
            return false;
        }
        c.accessLog = text == QLatin1String("on");
    }
    *config = c;
    return true;
}
