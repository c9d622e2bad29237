#pragma once

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

// What one boxoffice-loadtest run was asked to do, parsed from its command line.
struct LoadTestOptions
{
    QUrl url;
    QString scenario = QStringLiteral("hot");
    int connections = 64;
    double durationSeconds = 10.0; // used when requests == 0
    qint64 requests = 0;
    double rate = 0.0; // total requests/s; 0 = closed loop
    int threads = 2;
    int shows = 1000;
    qint64 showId = 0;
    int seatsPerShow = 0; // 0 = the scenario's default
    double rampSeconds = 10.0;
    QMap<QString, int> mix{{QStringLiteral("book"), 60}, {QStringLiteral("confirm"), 20},
                           {QStringLiteral("cancel"), 10}, {QStringLiteral("abandon"), 10},
                           {QStringLiteral("list"), 0}};
    QByteArray token;
    QByteArray adminToken;
    QString dbUrl;
    bool json = false;
    bool progress = true;
    double warmupSeconds = 0.0;

    // The seats of each show the run creates: --seats-per-show or the scenario's default.
    int effectiveSeatsPerShow() const;

    // Parses arguments (argv[0] first); on a usage error returns false and sets *error.
    // --help and --version print and exit(0) from QCommandLineParser.
    bool parse(const QStringList &arguments, QString *error);
};
