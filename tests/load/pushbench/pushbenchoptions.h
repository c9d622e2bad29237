#pragma once

#include <QByteArray>
#include <QString>
#include <QStringList>
#include <QUrl>

// How a subscriber listens: Server-Sent Events (GET /events) or WebSocket (GET /ws).
// KeepAlive is no subscriber at all, the idle run's baseline: a keep-alive
// connection that made one request (GET /health) and stays open.
enum class PushTransport
{
    EventStream,
    WebSocket,
    KeepAlive
};

// What one boxoffice-pushbench run was asked to do, parsed from its command line.
struct PushBenchOptions
{
    enum class Mode
    {
        Propagation,
        Idle
    };

    Mode mode = Mode::Propagation;
    PushTransport transport = PushTransport::EventStream;
    QUrl bookUrl;      // instance A: bookings go here
    QUrl subscribeUrl; // instance B: subscribers listen here
    QByteArray token;  // admin bearer token: creates the show, makes the bookings
    int subscribers = 100;
    double rate = 20.0; // bookings/s, open loop
    double durationSeconds = 10.0;
    int connections = 1;       // keep-alive booking connections
    qint64 showId = 0;         // 0: create a fresh show (the staleness formula needs one)
    double graceSeconds = 1.0; // after the last answer, for the last coalesced events
    qint64 serverPid = 0;      // idle: the server whose resident memory is read
    double settleSeconds = 2.0;
    bool json = false;

    static QString transportName(PushTransport transport);

    // Parses arguments (argv[0] first); on a usage error returns false and sets *error.
    bool parse(const QStringList &arguments, QString *error);
};
