#pragma once

#include <QByteArray>
#include <QList>
#include <QRandomGenerator>
#include <QString>

// Generates raw HTTP requests that the server must refuse, by category, from a
// seeded generator: the same seed gives the same bytes, so a failure can be replayed.
// Every request would change the database if it were wrongly accepted, wherever the
// endpoint allows that (a valid booking behind a lax body, a valid token behind a bad one).
class HostileRequests
{
public:
    // What the requests aim at: rows that exist, so a wrong acceptance shows.
    struct Targets
    {
        quint16 port = 0;
        QByteArray adminToken;
        qint64 show = 0;          // SCHEDULED, with free seats
        qint64 cancelledShow = 0; // CANCELLED
        qint64 pending = 0;       // a PENDING booking on show (long hold)
        qint64 confirmed = 0;     // a CONFIRMED booking on show
        QByteArray pendingReference;
        qint64 flagVersion = 0; // of the flag fuzz.target (issue 12)
    };
    struct Request
    {
        QString category;
        QString endpoint; // the route it aims at, e.g. "POST /shows/:id/book"
        QByteArray bytes;
    };

    HostileRequests(const Targets &targets, quint32 seed);

    // `count` requests of one category (an index into categories()).
    QList<Request> generate(int category, int count);
    static QStringList categories();

    // For the category functions (HostileBodies, HostileTargets, HostileMessages).
    const Targets &targets() const { return m_targets; }
    QRandomGenerator &random() { return m_random; }
    int pick(int count) { return int(m_random.bounded(count)); }
    template <typename T> const T &pickFrom(const QList<T> &items)
    {
        return items.at(pick(int(items.size())));
    }
    // A well-formed HTTP/1.1 request with Host, Connection: close and Content-Length,
    // plus the admin token if asked and the content type if there is a body.
    QByteArray request(const QByteArray &method, const QByteArray &target,
                       const QList<QByteArray> &headers, const QByteArray &body, bool admin = false,
                       const QByteArray &contentType = "application/json");
    // Bodies the server would accept: a one-seat booking, a new show.
    QByteArray goodBooking();
    static QByteArray goodShow();
    static QByteArray number(qint64 value) { return QByteArray::number(value); }
    static QByteArray deep(int depth)
    {
        return QByteArray(depth, '[') + "1" + QByteArray(depth, ']');
    }

private:
    Targets m_targets;
    QRandomGenerator m_random;
};
