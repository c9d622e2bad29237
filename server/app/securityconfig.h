#pragma once

#include "auth/publicbooking.h"

#include <QString>
#include <QStringList>

class QCommandLineParser;
class QProcessEnvironment;

// The server's security settings (issue 13), from options and the environment
// like the rest of ServerConfig, kept apart so each stays readable.
struct SecurityConfig
{
    PublicBooking publicBooking = PublicBooking::Off;
    int sessionHours = 12; // lifetime of a login session
    int minPasswordLength = 10;
    QString tlsCertificate;       // PEM file; with tlsKey, the server speaks only HTTPS
    QString tlsKey;               // PEM file
    quint16 httpRedirectPort = 0; // 0 = none; else a plain-HTTP port that redirects to HTTPS
    QStringList allowedHosts;     // empty = any Host header
    QStringList trustedProxies;   // addresses or CIDR subnets whose X-Forwarded-For is believed
    QString rateLimits;           // the --rate-limits text as given (parsed by the guards)

    bool tlsEnabled() const { return !tlsCertificate.isEmpty(); }

    static void addOptions(QCommandLineParser &parser);
    // false with *error set for a value that makes no sense.
    static bool read(const QCommandLineParser &parser, const QProcessEnvironment &env,
                     SecurityConfig *config, QString *error);
    // "off", "token" or "open" (also 0/1, false/true, reference); nullopt otherwise.
    static bool parsePublicBooking(const QString &text, PublicBooking *mode);
};
