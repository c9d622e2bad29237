#include "loadtestoptions.h"

#include "numberoption.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace {

const QStringList kScenarios = {QStringLiteral("hot"), QStringLiteral("spread"),
                                QStringLiteral("mixed"), QStringLiteral("soldout"),
                                QStringLiteral("flashsale")};

bool parseMix(const QString &text, QMap<QString, int> &mix, QString *error)
{
    QMap<QString, int> parsed;
    for (const QString &name : mix.keys())
        parsed.insert(name, 0);
    for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const QStringList pair = part.split(QLatin1Char('='));
        bool ok = false;
        const int share = pair.size() == 2 ? pair[1].toInt(&ok) : -1;
        if (!ok || share < 0 || !parsed.contains(pair[0])) {
            *error = QStringLiteral("--mix: '%1' is not name=share with a name of %2")
                         .arg(part, QStringList(mix.keys()).join(QLatin1Char(',')));
            return false;
        }
        parsed[pair[0]] = share;
    }
    if (parsed.value(QStringLiteral("book")) + parsed.value(QStringLiteral("list")) == 0) {
        *error = QStringLiteral("--mix needs a book or list share above 0");
        return false;
    }
    mix = parsed;
    return true;
}

} // namespace

int LoadTestOptions::effectiveSeatsPerShow() const
{
    if (seatsPerShow > 0)
        return seatsPerShow;
    // The server allows at most 100 000 seats a show (docs/api.md); soldout and
    // flashsale want far fewer seats than requests, spread shares its load over K shows.
    if (scenario == QLatin1String("soldout"))
        return 100;
    if (scenario == QLatin1String("flashsale"))
        return 1000;
    if (scenario == QLatin1String("spread"))
        return 1000;
    return 100000;
}

bool LoadTestOptions::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Load generator for the Box Office booking API (docs/loadtest.md)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const auto value = [&](const char *name, const char *description, const char *valueName) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(description),
                                  QString::fromLatin1(valueName));
        parser.addOption(option);
        return option;
    };
    const auto flag = [&](const char *name, const char *description) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(description));
        parser.addOption(option);
        return option;
    };
    const auto urlOption = value("url", "Server base URL (http://host:port).", "URL");
    const auto scenarioOption = value("scenario", "hot, spread, mixed, soldout or flashsale.", "NAME");
    const auto connectionsOption = value("connections", "Connections, 1..2000 (64).", "N");
    const auto durationOption = value("duration", "Seconds to run (10).", "S");
    const auto requestsOption = value("requests", "Stop after N requests.", "N");
    const auto rateOption = value("rate", "Open loop at R requests/s in total (0 = closed loop).", "R");
    const auto threadsOption = value("threads", "Engine threads, 1..8 (2).", "N");
    const auto showsOption = value("shows", "Shows for spread (1000).", "K");
    const auto showIdOption = value("show-id", "Book this show instead of creating one (hot, soldout).", "ID");
    const auto seatsOption = value("seats-per-show", "Seats of each created show.", "N");
    const auto rampOption = value("ramp", "Seconds to open all connections (flashsale, 10).", "S");
    const auto mixOption = value("mix", "Shares for mixed: book=60,confirm=20,cancel=10,abandon=10,list=0.", "SHARES");
    const auto tokenOption = value("token", "Bearer token sent with every booking request.", "T");
    const auto adminOption = value("admin-token", "Admin token to create shows (env BOXOFFICE_ADMIN_TOKEN).", "T");
    const auto dbOption = value("db-url", "postgresql:// URL: check the invariants after the run.", "URL");
    const auto jsonOption = flag("json", "Print the report as one JSON object.");
    const auto noProgressOption = flag("no-progress", "No live progress line on stderr.");
    const auto warmupOption = value("warmup", "Seconds of load before measuring (0).", "S");

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.isSet(QStringLiteral("version")))
        parser.showVersion();
    if (!parser.positionalArguments().isEmpty()) {
        *error = QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return false;
    }

    NumberOptionReader number(parser, error);
    url = QUrl(parser.value(urlOption));
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()) {
        *error = QStringLiteral("--url must be an http:// URL");
        return false;
    }
    if (parser.isSet(scenarioOption))
        scenario = parser.value(scenarioOption);
    if (!kScenarios.contains(scenario)) {
        *error = QStringLiteral("--scenario must be one of %1").arg(kScenarios.join(QLatin1String(", ")));
        return false;
    }
    connections = int(number(connectionsOption, 1, 2000, connections));
    durationSeconds = number(durationOption, 0.1, 86400, durationSeconds);
    requests = qint64(number(requestsOption, 1, 1e12, 0));
    rate = number(rateOption, 0, 1e7, 0);
    threads = int(number(threadsOption, 1, 8, threads));
    shows = int(number(showsOption, 1, 100000, shows));
    showId = qint64(number(showIdOption, 1, 9e15, 0));
    seatsPerShow = int(number(seatsOption, 1, 100000, 0));
    rampSeconds = number(rampOption, 0, 3600, rampSeconds);
    warmupSeconds = number(warmupOption, 0, 3600, 0);
    if (!number.ok())
        return false;
    if (parser.isSet(durationOption) && parser.isSet(requestsOption)) {
        *error = QStringLiteral("--duration and --requests exclude each other");
        return false;
    }
    if (parser.isSet(mixOption) && !parseMix(parser.value(mixOption), mix, error))
        return false;
    token = parser.value(tokenOption).toUtf8();
    adminToken = parser.isSet(adminOption)
        ? parser.value(adminOption).toUtf8()
        : qgetenv("BOXOFFICE_ADMIN_TOKEN");
    if (showId == 0 && adminToken.isEmpty()) {
        *error = QStringLiteral("creating shows needs --admin-token (or BOXOFFICE_ADMIN_TOKEN); "
                                "or give --show-id");
        return false;
    }
    if (showId != 0 && scenario != QLatin1String("hot") && scenario != QLatin1String("soldout")) {
        *error = QStringLiteral("--show-id applies to hot and soldout only");
        return false;
    }
    dbUrl = parser.value(dbOption);
    json = parser.isSet(jsonOption);
    progress = !parser.isSet(noProgressOption);
    return true;
}
