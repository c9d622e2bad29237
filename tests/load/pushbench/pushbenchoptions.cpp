#include "pushbenchoptions.h"

#include "numberoption.h"

#include <QCommandLineParser>

QString PushBenchOptions::transportName(PushTransport transport)
{
    switch (transport) {
    case PushTransport::EventStream:
        return QStringLiteral("sse");
    case PushTransport::WebSocket:
        return QStringLiteral("websocket");
    case PushTransport::KeepAlive:
        break;
    }
    return QStringLiteral("http");
}

bool PushBenchOptions::parse(const QStringList &arguments, QString *error)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Live-push benchmark (issue 16). propagation: bookings through --book-url at a fixed "
        "rate, subscribers on --subscribe-url, staleness of what they hear. idle: the resident "
        "memory --server-pid gains with N idle subscribers."));
    parser.addHelpOption();
    const auto value = [&](const char *name, const char *description, const char *valueName) {
        QCommandLineOption option(QString::fromLatin1(name), QString::fromLatin1(description),
                                  QString::fromLatin1(valueName));
        parser.addOption(option);
        return option;
    };
    const auto modeOption = value("mode", "propagation (default) or idle.", "MODE");
    const auto transportOption =
        value("transport",
              "sse (default), websocket, or (idle) http: keep-alive connections "
              "that made one request, the baseline.",
              "T");
    const auto bookOption = value("book-url", "Instance that takes the bookings (A).", "URL");
    const auto subscribeOption = value(
        "subscribe-url", "Instance the subscribers listen on (B; default --book-url).", "URL");
    const auto tokenOption = value("token", "Admin bearer token (env BOXOFFICE_ADMIN_TOKEN).", "T");
    const auto subscribersOption = value("subscribers", "Subscribers, 1..10000 (100).", "N");
    const auto rateOption = value("rate", "Bookings per second, open loop (20).", "R");
    const auto durationOption = value("duration", "Seconds of bookings (10).", "S");
    const auto connectionsOption = value("connections", "Booking connections, 1..256 (1).", "N");
    const auto showOption = value("show-id",
                                  "Book this show (it must start with none reserved "
                                  "and have no other writers).",
                                  "ID");
    const auto graceOption = value("grace", "Seconds to listen after the last answer (1).", "S");
    const auto pidOption = value("server-pid", "idle: the server process to measure.", "PID");
    const auto settleOption = value("settle", "idle: seconds to wait before reading RSS (2).", "S");
    const QCommandLineOption jsonOption(QStringLiteral("json"),
                                        QStringLiteral("Print the report as one JSON object."));
    parser.addOption(jsonOption);

    if (!parser.parse(arguments)) {
        *error = parser.errorText();
        return false;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (!parser.positionalArguments().isEmpty()) {
        *error =
            QStringLiteral("unexpected argument '%1'").arg(parser.positionalArguments().first());
        return false;
    }
    NumberOptionReader number(parser, error);
    const QString modeText = parser.value(modeOption);
    if (modeText == QLatin1String("idle"))
        mode = Mode::Idle;
    else if (!modeText.isEmpty() && modeText != QLatin1String("propagation")) {
        *error = QStringLiteral("--mode must be propagation or idle");
        return false;
    }
    const QString transportText = parser.value(transportOption);
    if (transportText == QLatin1String("websocket") || transportText == QLatin1String("ws"))
        transport = PushTransport::WebSocket;
    else if (transportText == QLatin1String("http"))
        transport = PushTransport::KeepAlive;
    else if (!transportText.isEmpty() && transportText != QLatin1String("sse")) {
        *error = QStringLiteral("--transport must be sse, websocket or http");
        return false;
    }
    if (transport == PushTransport::KeepAlive && mode != Mode::Idle) {
        *error = QStringLiteral("--transport http is the idle run's baseline only");
        return false;
    }
    bookUrl = QUrl(parser.value(bookOption));
    subscribeUrl = parser.isSet(subscribeOption) ? QUrl(parser.value(subscribeOption)) : bookUrl;
    if (mode == Mode::Idle && !parser.isSet(bookOption))
        bookUrl = subscribeUrl; // an idle run books nothing
    for (const QUrl &url : {bookUrl, subscribeUrl}) {
        if (!url.isValid() || url.scheme() != QLatin1String("http") || url.host().isEmpty()) {
            *error = QStringLiteral("--book-url and --subscribe-url must be http:// URLs");
            return false;
        }
    }
    token = parser.isSet(tokenOption) ? parser.value(tokenOption).toUtf8()
                                      : qgetenv("BOXOFFICE_ADMIN_TOKEN");
    subscribers = int(number(subscribersOption, 1, 10000, subscribers));
    rate = number(rateOption, 0.1, 100000, rate);
    durationSeconds = number(durationOption, 0.1, 3600, durationSeconds);
    connections = int(number(connectionsOption, 1, 256, connections));
    showId = qint64(number(showOption, 1, 9e15, 0));
    graceSeconds = number(graceOption, 0, 60, graceSeconds);
    serverPid = qint64(number(pidOption, 1, 1e9, 0));
    settleSeconds = number(settleOption, 0, 600, settleSeconds);
    if (!number.ok())
        return false;
    if (mode == Mode::Propagation && token.isEmpty()) {
        *error = QStringLiteral("propagation books with an admin token: give --token");
        return false;
    }
    if (mode == Mode::Idle && serverPid == 0) {
        *error = QStringLiteral("idle measures a server: give --server-pid");
        return false;
    }
    json = parser.isSet(jsonOption);
    return true;
}
