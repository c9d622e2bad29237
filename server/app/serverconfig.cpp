#include "serverconfig.h"

#include "logredaction.h"

#include <QCommandLineParser>
#include <QRegularExpression>
#include <QProcessEnvironment>
#include <QStandardPaths>

#include <cstdio>
#include <unistd.h>

namespace {
bool parseBounded(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int value = text.toInt(&ok);
    if (!ok || value < min || value > max)
        return false;
    *out = value;
    return true;
}

// Picks a value: the command line wins over the environment.
QString pick(const QCommandLineParser &parser, const QCommandLineOption &option,
             const QProcessEnvironment &env, const QString &variable)
{
    if (parser.isSet(option))
        return parser.value(option);
    return env.value(variable);
}

// ADDR:PORT with an IP address, an IPv6 one in brackets ("[::1]:9100").
bool parseListenAddress(const QString &text, QHostAddress *address, quint16 *port)
{
    const qsizetype colon = text.lastIndexOf(QLatin1Char(':'));
    if (colon <= 0)
        return false;
    QString host = text.left(colon);
    if (host.startsWith(QLatin1Char('[')) && host.endsWith(QLatin1Char(']')))
        host = host.mid(1, host.size() - 2);
    else if (host.contains(QLatin1Char(':')))
        return false;
    int value = 0;
    if (!parseBounded(text.mid(colon + 1), 0, 65535, &value) || !address->setAddress(host))
        return false;
    *port = quint16(value);
    return true;
}

bool fail(const QString &message, int *exitCode)
{
    std::fprintf(stderr, "boxoffice-server: %s\n", qPrintable(LogRedaction::scrub(message)));
    *exitCode = 2;
    return false;
}
} // namespace

QString ServerConfig::defaultDataDirectory()
{
    // Root's home is closed to the unprivileged PostgreSQL user, so root keeps data in /var/lib.
    if (geteuid() == 0)
        return QStringLiteral("/var/lib/boxoffice");
    return QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) +
           QStringLiteral("/boxoffice");
}

bool ServerConfig::load(const QStringList &arguments, ServerConfig *config, int *exitCode)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Box Office booking server. With no database configured it runs its own "
                       "PostgreSQL in the data directory."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption port(
        QStringLiteral("port"),
        QStringLiteral("HTTP port (env PORT, default 3000; 0 picks a free one)."),
        QStringLiteral("port"));
    const QCommandLineOption listen(
        QStringLiteral("listen"),
        QStringLiteral("Address to listen on (env BOXOFFICE_LISTEN, default any)."),
        QStringLiteral("address"));
    const QCommandLineOption databaseUrl(
        QStringLiteral("database-url"),
        QStringLiteral("postgres://user:password@host:port/db (env DATABASE_URL, or "
                       "PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE)."),
        QStringLiteral("url"));
    const QCommandLineOption holdSeconds(
        QStringLiteral("hold-seconds"),
        QStringLiteral("How long a PENDING hold lasts (env BOXOFFICE_HOLD_SECONDS, default 120)."),
        QStringLiteral("seconds"));
    const QCommandLineOption workers(
        QStringLiteral("workers"),
        QStringLiteral("Database worker threads, each with its own connection (env "
                       "BOXOFFICE_WORKERS, default 8)."),
        QStringLiteral("count"));
    const QCommandLineOption maxQueued(
        QStringLiteral("max-queued"),
        QStringLiteral("Database work that may wait for a worker; more gets 503 server_busy at "
                       "once (env BOXOFFICE_MAX_QUEUED, default 1000)."),
        QStringLiteral("count"));
    const QCommandLineOption queueTimeout(
        QStringLiteral("queue-timeout"),
        QStringLiteral("Drop database work that waited this long for a worker, answering 503 "
                       "server_busy (env BOXOFFICE_QUEUE_TIMEOUT, default 5)."),
        QStringLiteral("seconds"));
    const QCommandLineOption maxSeats(
        QStringLiteral("max-seats-per-booking"),
        QStringLiteral("Largest booking (env BOXOFFICE_MAX_SEATS_PER_BOOKING, default 20)."),
        QStringLiteral("seats"));
    const QCommandLineOption dataDir(
        QStringLiteral("data-dir"),
        QStringLiteral("Embedded database and generated secrets (env BOXOFFICE_DATA_DIR)."),
        QStringLiteral("path"));
    const QCommandLineOption idleTimeout(
        QStringLiteral("idle-timeout"),
        QStringLiteral("Close connections idle (or stalled) this long (env "
                       "BOXOFFICE_IDLE_TIMEOUT_SECONDS, default 60)."),
        QStringLiteral("seconds"));
    const QCommandLineOption maxConnections(
        QStringLiteral("max-connections"),
        QStringLiteral("Open client connections before new ones get 503 (env "
                       "BOXOFFICE_MAX_CONNECTIONS, default min(1000, open-file limit - 96))."),
        QStringLiteral("count"));
    const QCommandLineOption metricsListen(
        QStringLiteral("metrics-listen"),
        QStringLiteral("Also answer GET /metrics without a token on this address, for loopback or "
                       "a private network (env BOXOFFICE_METRICS_LISTEN, default none)."),
        QStringLiteral("address:port"));
    const QCommandLineOption drainTimeout(
        QStringLiteral("drain-timeout"),
        QStringLiteral("On SIGTERM/SIGINT, wait this long for requests in flight before "
                       "stopping; 0 stops at once (env BOXOFFICE_DRAIN_TIMEOUT, default 10)."),
        QStringLiteral("seconds"));
    const QCommandLineOption groupBooking(
        QStringLiteral("group-booking"),
        QStringLiteral("on: concurrent bookings are applied together, one transaction per batch; "
                       "off: one transaction each (env BOXOFFICE_GROUP_BOOKING, default on)."),
        QStringLiteral("on|off"));
    const QCommandLineOption currency(
        QStringLiteral("currency"),
        QStringLiteral("The currency prices are in, an ISO 4217 code such as EUR or GBP; every "
                       "amount is in its minor units (env BOXOFFICE_CURRENCY, default EUR)."),
        QStringLiteral("code"));
    const QCommandLineOption sample(
        QStringLiteral("sample-shows"),
        QStringLiteral("Create a few sample shows when there are none."));
    parser.addOptions({port, listen, databaseUrl, holdSeconds, workers, maxQueued, queueTimeout,
                       maxSeats, idleTimeout, maxConnections, dataDir, sample});
    parser.addOption(metricsListen);
    parser.addOption(drainTimeout);
    parser.addOption(groupBooking);
    parser.addOption(currency);
    SecurityConfig::addOptions(parser);
    LogConfig::addOptions(parser);
    if (!parser.parse(arguments))
        return fail(parser.errorText(), exitCode);
    // Information-only options answer and exit before anything is started or created.
    // A QCoreApplication has no Qt-specific options, so --help-all shows the same text.
    if (parser.isSet(QStringLiteral("help")) || parser.isSet(QStringLiteral("help-all"))) {
        std::fputs(qPrintable(parser.helpText()), stdout);
        *exitCode = 0;
        return false;
    }
    if (parser.isSet(QStringLiteral("version"))) {
        std::printf("boxoffice-server %s\n", BOXOFFICE_VERSION);
        *exitCode = 0;
        return false;
    }

    const QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    ServerConfig c;
    int value = 0;
    if (const QString text = pick(parser, port, env, QStringLiteral("PORT")); !text.isEmpty()) {
        if (!parseBounded(text, 0, 65535, &value))
            return fail(QStringLiteral("port must be 0..65535, not '%1'").arg(text), exitCode);
        c.port = quint16(value);
    }
    if (const QString text = pick(parser, listen, env, QStringLiteral("BOXOFFICE_LISTEN"));
        !text.isEmpty()) {
        if (!c.listenAddress.setAddress(text))
            return fail(QStringLiteral("'%1' is not an IP address").arg(text), exitCode);
    }
    // A whole-number setting within bounds; the option wins over the environment.
    const auto readBounded = [&](const QCommandLineOption &option, const char *variable,
                                 const char *what, int min, int max, const char *unit, int *out) {
        const QString text = pick(parser, option, env, QString::fromLatin1(variable));
        if (text.isEmpty() || parseBounded(text, min, max, out))
            return true;
        return fail(QStringLiteral("%1 must be %2..%3%4, not '%5'")
                        .arg(QLatin1String(what))
                        .arg(min)
                        .arg(max)
                        .arg(QLatin1String(unit), text),
                    exitCode);
    };
    if (!readBounded(holdSeconds, "BOXOFFICE_HOLD_SECONDS", "hold seconds", 1, 86400, "",
                     &c.holdSeconds) ||
        !readBounded(workers, "BOXOFFICE_WORKERS", "workers", 1, 256, "", &c.workers) ||
        !readBounded(maxQueued, "BOXOFFICE_MAX_QUEUED", "max queued", 1, 1000000, "",
                     &c.maxQueued) ||
        !readBounded(queueTimeout, "BOXOFFICE_QUEUE_TIMEOUT", "queue timeout", 1, 3600, " seconds",
                     &c.queueTimeoutSeconds) ||
        !readBounded(maxSeats, "BOXOFFICE_MAX_SEATS_PER_BOOKING", "max seats per booking", 1,
                     100000, "", &c.maxSeatsPerBooking) ||
        !readBounded(idleTimeout, "BOXOFFICE_IDLE_TIMEOUT_SECONDS", "idle timeout", 1, 86400,
                     " seconds", &c.idleTimeoutSeconds) ||
        !readBounded(maxConnections, "BOXOFFICE_MAX_CONNECTIONS", "max connections", 1, 1000000, "",
                     &c.maxConnections))
        return false;
    if (const QString text =
            pick(parser, metricsListen, env, QStringLiteral("BOXOFFICE_METRICS_LISTEN"));
        !text.isEmpty() && !parseListenAddress(text, &c.metricsAddress, &c.metricsPort))
        return fail(QStringLiteral("--metrics-listen must be ADDRESS:PORT with an IP address and a "
                                   "port 0..65535 (IPv6 in brackets), not '%1'")
                        .arg(text),
                    exitCode);
    if (!readBounded(drainTimeout, "BOXOFFICE_DRAIN_TIMEOUT", "--drain-timeout", 0, 3600,
                     " seconds", &c.drainTimeoutSeconds))
        return false;
    if (const QString text = pick(parser, groupBooking, env, QStringLiteral("BOXOFFICE_GROUP_BOOKING"));
        !text.isEmpty()) {
        if (text != QLatin1String("on") && text != QLatin1String("off"))
            return fail(QStringLiteral("--group-booking must be on or off, not '%1'").arg(text),
                        exitCode);
        c.groupBooking = text == QLatin1String("on");
    }
    if (const QString code = pick(parser, currency, env, QStringLiteral("BOXOFFICE_CURRENCY"));
        !code.isEmpty()) {
        static const QRegularExpression iso4217(QStringLiteral("^[A-Z]{3}$"));
        if (!iso4217.match(code).hasMatch())
            return fail(QStringLiteral("--currency must be an ISO 4217 code such as EUR, not '%1'")
                            .arg(code),
                        exitCode);
        c.currency = code;
    }
    c.dataDirectory = pick(parser, dataDir, env, QStringLiteral("BOXOFFICE_DATA_DIR"));
    if (c.dataDirectory.isEmpty())
        c.dataDirectory = defaultDataDirectory();
    c.adminToken = env.value(QStringLiteral("BOXOFFICE_ADMIN_TOKEN")).toUtf8().trimmed();
    c.seedSampleShows = parser.isSet(sample);
    // Judged like a PUT of the flag, so a bad rollback value stops the start
    // instead of being ignored at the moment it is needed.
    const auto overrides = EnvironmentFlagOverrides::read(env);
    if (!overrides)
        return fail(overrides.error().message, exitCode);
    c.flagOverrides = *overrides;
    if (QString error; !SecurityConfig::read(parser, env, &c.security, &error))
        return fail(error, exitCode);
    if (QString error; !LogConfig::read(parser, env, &c.logs, &error))
        return fail(error, exitCode);

    const QString url = pick(parser, databaseUrl, env, QStringLiteral("DATABASE_URL"));
    if (!url.isEmpty()) {
        QString error;
        c.database = DatabaseSettings::fromUrl(QUrl(url), &error);
        if (!error.isEmpty())
            return fail(error, exitCode);
    } else if (env.contains(QStringLiteral("PGDATABASE")) ||
               env.contains(QStringLiteral("PGHOST"))) {
        c.database.host = env.value(QStringLiteral("PGHOST"), QStringLiteral("localhost"));
        const QString pgPort = env.value(QStringLiteral("PGPORT"), QStringLiteral("5432"));
        if (!parseBounded(pgPort, 1, 65535, &c.database.port))
            return fail(QStringLiteral("PGPORT must be 1..65535, not '%1'").arg(pgPort), exitCode);
        c.database.user = env.value(QStringLiteral("PGUSER"), qEnvironmentVariable("USER"));
        c.database.password = env.value(QStringLiteral("PGPASSWORD"));
        c.database.database = env.value(QStringLiteral("PGDATABASE"), c.database.user);
    }
    *config = c;
    return true;
}
