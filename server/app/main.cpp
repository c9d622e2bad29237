#include "auth/passwordhasher.h"
#include "listenerurl.h"
#include "logformat.h"
#include "logredaction.h"
#include "serverconfig.h"
#include "serverruntime.h"
#include "systemdnotifier.h"
#include "unixsignalwatcher.h"
#include "usercommand.h"

#include <QCoreApplication>
#include <QLoggingCategory>

#include <cstdio>

int main(int argc, char *argv[])
{
    // Before anything can log: every line passes the redaction, and the secrets the
    // environment holds are known to it before any code has read them. The
    // redaction sits in front of the format, so JSON lines are scrubbed too.
    LogFormat::install();
    LogRedaction::install();
    LogRedaction::addSecretsFromEnvironment();
    if (qEnvironmentVariableIsEmpty("QT_MESSAGE_PATTERN"))
        qSetMessagePattern(
            QStringLiteral("%{time yyyy-MM-ddThh:mm:ss.zzz} %{type} %{category}: %{message}"));
    // Qt enables debug output by default; ours is for troubleshooting only.
    if (qEnvironmentVariableIsEmpty("QT_LOGGING_RULES"))
        QLoggingCategory::setFilterRules(QStringLiteral("boxoffice.*.debug=false"));
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("boxoffice-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(BOXOFFICE_VERSION));

    // "user add|list": account administration instead of serving (issue 13).
    if (UserCommand::isInvocation(QCoreApplication::arguments()))
        return UserCommand::run(QCoreApplication::arguments());

    ServerConfig config;
    int exitCode = 0;
    if (!ServerConfig::load(QCoreApplication::arguments(), &config, &exitCode))
        return exitCode;
    LogRedaction::addSecret(config.adminToken);
    for (const QString &secret : config.database.secrets())
        LogRedaction::addSecret(secret);
    // Nothing has logged yet (a bad option was printed as text): from here on
    // every line is in the chosen format.
    LogFormat::setFormat(config.logs.format);

    // Once, before any worker may hash a password.
    if (!PasswordHasher::initialise()) {
        std::fprintf(stderr, "boxoffice-server: libsodium cannot be initialised\n");
        return 1;
    }
    UnixSignalWatcher signalWatcher;
    ServerRuntime runtime(config);
    QObject::connect(&signalWatcher, &UnixSignalWatcher::terminationRequested, &runtime,
                     &ServerRuntime::requestStop);
    QObject::connect(&runtime, &ServerRuntime::drained, &app, &QCoreApplication::quit);
    if (!runtime.start()) {
        LogFormat::reportFatal(runtime.errorString());
        return runtime.exitCode();
    }
    // Tests and scripts read this line to learn the port (also with --port 0).
    const QString url = ListenerUrl::of(config.security.tlsEnabled() ? QStringLiteral("https")
                                                                     : QStringLiteral("http"),
                                        config.listenAddress, runtime.port());
    std::printf("boxoffice-server listening on %s\n", qPrintable(url));
    if (const QString metrics = runtime.metricsUrl(); !metrics.isEmpty())
        std::printf("boxoffice-server metrics on %s\n", qPrintable(metrics));
    std::fflush(stdout);
    SystemdNotifier::notify("READY=1");
    const int code = app.exec();
    runtime.stop();
    return code;
}
