#pragma once

#include "db/databasesettings.h"
#include "flags/environmentflagoverrides.h"
#include "logconfig.h"
#include "securityconfig.h"

#include <QByteArray>
#include <QHostAddress>
#include <QString>
#include <QStringList>

// Every setting of the server, from the environment (as the reference backend
// reads it) overridden by command-line options.
struct ServerConfig
{
    QHostAddress listenAddress = QHostAddress::Any;
    quint16 port = 3000;
    DatabaseSettings database; // incomplete = use the embedded cluster
    QString dataDirectory;     // embedded cluster and generated secrets
    int holdSeconds = 120;
    int workers = 8;
    int maxQueued = 1000;        // database work waiting for a worker; more is refused with 503
    int queueTimeoutSeconds = 5; // work that waited longer is dropped with 503
    int maxSeatsPerBooking = 20;
    int idleTimeoutSeconds = 60; // a connection with nothing to do for this long is closed
    int maxConnections = 0;      // open client connections; 0 = derived from RLIMIT_NOFILE
    int drainTimeoutSeconds = 10; // on SIGTERM, how long requests in flight may take to finish
    bool groupBooking = true;     // --group-booking: concurrent bookings share one transaction
    QString currency = QStringLiteral("EUR"); // --currency: ISO 4217, one per installation (issue 18)
    QByteArray adminToken;       // empty = read or generate <dataDirectory>/admin-token
    bool seedSampleShows = false;
    // BOXOFFICE_FLAG_* and AI_MODEL, read once: they win over the flags table.
    EnvironmentFlagOverrides flagOverrides;
    SecurityConfig security; // accounts, tokens, TLS, guards (issue 13)
    // --metrics-listen ADDR:PORT: a second port answering GET /metrics without
    // a token (port 0 picks a free one); a null address means none.
    QHostAddress metricsAddress;
    quint16 metricsPort = 0;
    LogConfig logs;          // --log-format, --access-log (issue 14)

    // Parses QCoreApplication::arguments() and the environment. On a usage error
    // prints it and returns false with *exitCode set (0 for --help).
    static bool load(const QStringList &arguments, ServerConfig *config, int *exitCode);
    static QString defaultDataDirectory();
};
