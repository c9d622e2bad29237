#include "securityconfig.h"

#include "http/securityguards.h"

#include <QCommandLineParser>
#include <QProcessEnvironment>

namespace {
// Every option here: name, value name, help text, environment variable.
struct OptionSpec
{
    const char *name;
    const char *valueName; // nullptr: a switch
    const char *help;
    const char *variable;
};

const OptionSpec kOptions[] = {
    {"public-booking", "mode",
     "Who may book without a staff token: off (default), token (anyone; each answer carries an "
     "access_token that alone opens that booking), or open (the reference backend: anyone may "
     "read, confirm or cancel any booking; unsafe beyond a closed network). Env "
     "BOXOFFICE_PUBLIC_BOOKING (0/1/open).",
     "BOXOFFICE_PUBLIC_BOOKING"},
    {"session-hours", "hours",
     "How long a login session lasts (env BOXOFFICE_SESSION_HOURS, default 12).",
     "BOXOFFICE_SESSION_HOURS"},
    {"tls-cert", "file",
     "PEM certificate (chain): serve HTTPS only, TLS 1.2 or newer (env BOXOFFICE_TLS_CERT).",
     "BOXOFFICE_TLS_CERT"},
    {"tls-key", "file", "PEM private key of --tls-cert (env BOXOFFICE_TLS_KEY).",
     "BOXOFFICE_TLS_KEY"},
    {"http-redirect-port", "port",
     "With TLS: also listen for plain HTTP here and redirect it to HTTPS (env "
     "BOXOFFICE_HTTP_REDIRECT_PORT).",
     "BOXOFFICE_HTTP_REDIRECT_PORT"},
    {"allowed-hosts", "names",
     "Comma-separated Host names (optionally :port) the server answers to; others get 421 "
     "(env BOXOFFICE_ALLOWED_HOSTS, default any).",
     "BOXOFFICE_ALLOWED_HOSTS"},
    {"trusted-proxies", "addresses",
     "Comma-separated addresses or subnets (10.0.0.0/8) whose X-Forwarded-For is believed (env "
     "BOXOFFICE_TRUSTED_PROXIES, default none).",
     "BOXOFFICE_TRUSTED_PROXIES"},
    {"rate-limits", "spec",
     "Rate limits: off, or CLASS.SCOPE=N/UNIT[:BURST],... with CLASS login, booking, settle or "
     "auth_failure, SCOPE address or token, UNIT s, min or h, e.g. booking.address=2/s:20 "
     "(see docs/configuration.md; env BOXOFFICE_RATE_LIMITS).",
     "BOXOFFICE_RATE_LIMITS"},
};

QString pick(const QCommandLineParser &parser, const OptionSpec &spec,
             const QProcessEnvironment &env)
{
    const QString name = QString::fromLatin1(spec.name);
    if (parser.isSet(name))
        return parser.value(name);
    return env.value(QString::fromLatin1(spec.variable));
}

const OptionSpec &spec(const char *name)
{
    for (const OptionSpec &option : kOptions) {
        if (qstrcmp(option.name, name) == 0)
            return option;
    }
    Q_UNREACHABLE();
}

QStringList commaList(const QString &text)
{
    QStringList items;
    for (const QString &item : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (const QString trimmed = item.trimmed(); !trimmed.isEmpty())
            items << trimmed;
    }
    return items;
}
} // namespace

void SecurityConfig::addOptions(QCommandLineParser &parser)
{
    for (const OptionSpec &option : kOptions) {
        parser.addOption(QCommandLineOption(QString::fromLatin1(option.name),
                                            QString::fromLatin1(option.help),
                                            QString::fromLatin1(option.valueName)));
    }
}

bool SecurityConfig::parsePublicBooking(const QString &text, PublicBooking *mode)
{
    const QString value = text.trimmed().toLower();
    if (value.isEmpty() || value == QLatin1String("0") || value == QLatin1String("off") ||
        value == QLatin1String("false") || value == QLatin1String("no")) {
        *mode = PublicBooking::Off;
        return true;
    }
    if (value == QLatin1String("1") || value == QLatin1String("token") ||
        value == QLatin1String("true") || value == QLatin1String("yes") ||
        value == QLatin1String("on")) {
        *mode = PublicBooking::Token;
        return true;
    }
    if (value == QLatin1String("open") || value == QLatin1String("reference")) {
        *mode = PublicBooking::Open;
        return true;
    }
    return false;
}

bool SecurityConfig::read(const QCommandLineParser &parser, const QProcessEnvironment &env,
                          SecurityConfig *config, QString *error)
{
    SecurityConfig c;
    if (const QString text = pick(parser, spec("public-booking"), env);
        !parsePublicBooking(text, &c.publicBooking)) {
        *error =
            QStringLiteral("public booking must be off, token or open (0, 1), not '%1'").arg(text);
        return false;
    }
    if (const QString text = pick(parser, spec("session-hours"), env); !text.isEmpty()) {
        bool ok = false;
        c.sessionHours = text.toInt(&ok);
        if (!ok || c.sessionHours < 1 || c.sessionHours > 24 * 90) {
            *error = QStringLiteral("session hours must be 1..2160, not '%1'").arg(text);
            return false;
        }
    }
    c.tlsCertificate = pick(parser, spec("tls-cert"), env);
    c.tlsKey = pick(parser, spec("tls-key"), env);
    if (c.tlsCertificate.isEmpty() != c.tlsKey.isEmpty()) {
        *error = QStringLiteral("--tls-cert and --tls-key go together");
        return false;
    }
    if (const QString text = pick(parser, spec("http-redirect-port"), env); !text.isEmpty()) {
        bool ok = false;
        const int port = text.toInt(&ok);
        if (!ok || port < 1 || port > 65535 || !c.tlsEnabled()) {
            *error = QStringLiteral("--http-redirect-port needs TLS and a port 1..65535, not '%1'")
                         .arg(text);
            return false;
        }
        c.httpRedirectPort = quint16(port);
    }
    c.allowedHosts = commaList(pick(parser, spec("allowed-hosts"), env).toLower());
    c.trustedProxies = commaList(pick(parser, spec("trusted-proxies"), env));
    c.rateLimits = pick(parser, spec("rate-limits"), env).trimmed();
    // The guards' own parsers judge hosts, proxies and limits, so start-up
    // refuses exactly what they could not enforce.
    if (!SecurityGuards::settingsFrom(c.publicBooking, c.allowedHosts, c.trustedProxies,
                                      c.rateLimits, error))
        return false;
    *config = c;
    return true;
}
