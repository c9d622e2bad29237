#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QUrl>

#include <memory>

// Booking traffic as box-office front ends make it, for tests of several
// server instances behind a proxy. Each client books 1-2 seats with an
// Idempotency-Key and an X-Request-Id of its own, confirms about half of its
// holds, cancels some and leaves the rest to expire, over one raw HTTP/1.1
// keep-alive connection. A request that got no answer from a server (the
// connection broke or timed out, the proxy answered 502/504, the server 503)
// is retried as a careful client would: a booking with the same key, a
// confirm or cancel as it was. Every attempt and its answer is recorded.
// (LoadGenerator sends requests fixed in advance; these depend on answers.)
// Runs on the calling thread, in a local event loop: the caller's timers fire
// meanwhile, so a test can kill servers in the middle of run().
class BookingDriver
{
public:
    struct Settings
    {
        QUrl target;
        QByteArray host = "127.0.0.1"; // the Host header
        // The clients' local address, e.g. another loopback address than the
        // proxy's own, so the client address a server records can be told apart.
        QHostAddress sourceAddress = QHostAddress::LocalHost;
        QByteArray forwardedFor; // an X-Forwarded-For every request makes up, unless empty
        QList<qint64> showIds;
        QByteArray tag = "drv"; // starts every key, user name and request id
        int clients = 8;
        int durationMs = 10000; // no booking starts later than this
        int requestTimeoutMs = 8000;
        int maxAttempts = 5; // per request, the first included
        quint32 seed = 14;
    };

    enum class Action
    {
        Book,
        Confirm,
        Cancel
    };

    // One attempt of one request, and what came back.
    struct Exchange
    {
        Action action = Action::Book;
        int client = 0;
        QByteArray key;       // the booking attempt's Idempotency-Key, also its user_name
        qint64 bookingId = 0; // confirm/cancel: their booking; book: the id answered, if any
        int attempt = 1;
        int phase = 0; // markPhase() calls before it was sent
        QByteArray requestId;
        qint64 sentMs = 0;
        qint64 finishedMs = 0;
        bool answered = false; // some HTTP answer came, from a server or from the proxy
        int status = 0;
        QByteArray body;
        QByteArray answeredRequestId; // the answer's X-Request-Id
        bool replayed = false;        // Idempotent-Replayed: true

        // An answer from a server instance: not the proxy's own 502/504, not silence.
        bool fromServer() const { return answered && status != 502 && status != 504; }
    };

    // Counts over every exchange, for a test's report.
    struct Tally
    {
        QMap<int, int> statuses; // of the answered attempts
        int unanswered = 0;
        int replayed = 0;
        int confirmed = 0;          // confirms answered 200
        int cancelled = 0;          // cancels answered 200
        QList<int> createdPerPhase; // bookings answered 201
    };

    explicit BookingDriver(Settings settings);
    ~BookingDriver();

    // Drives the clients until the duration is over and every request begun
    // has been answered or has run out of attempts.
    void run();
    // Exchanges sent from now on belong to the next phase.
    void markPhase() { ++m_phase; }
    int phase() const { return m_phase; }

    const QList<Exchange> &exchanges() const { return m_exchanges; }
    // Answers that arrived when their connection had no request waiting: a
    // request answered twice, or an answer meant for someone else.
    int unexpectedAnswers() const { return m_unexpectedAnswers; }
    Tally tally() const;

private:
    class Client;
    friend class Client;

    Settings m_settings;
    QList<Exchange> m_exchanges;
    int m_phase = 0;
    int m_unexpectedAnswers = 0;
};
