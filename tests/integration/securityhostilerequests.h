#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QRandomGenerator>
#include <QString>
#include <QStringList>

#include <functional>

// Raw hostile HTTP requests across every route GET /admin/routes lists, by
// category, from a seeded generator (same seed, same bytes). No request is a
// valid change: a route that changes something is aimed at a row that does not
// exist, or its body breaks a rule of the contract, or (POST /auth/logout and
// any other route whose only input is the token) it gets no valid token.
class SecurityHostileRequests
{
public:
    struct Route
    {
        QByteArray method;
        QString pattern;
        QString access;
    };
    struct Credential
    {
        QString name;             // "none", "admin", "clerk", "shop", "holder", "bootstrap"
        QByteArray authorization; // the header value; empty for none
    };
    // Rows that exist, for reading routes (GET is never a change).
    struct Targets
    {
        quint16 port = 0;
        QList<Credential> credentials; // valid ones; "none" is added by the generator
        qint64 show = 0;
        qint64 cancelledShow = 0;
        qint64 booking = 0;
        QByteArray reference;
        qint64 user = 0;
        qint64 token = 0;
        QByteArray flagKey;
    };
    struct Request
    {
        QString category;
        QString endpoint;   // "POST /admin/users"
        QString credential; // its name, or "bogus"
        QByteArray bytes;
        bool readOnly = false; // a 2xx is fine (GET, a preview)
        bool stalled = false;  // sent only in part, then silence
    };

    SecurityHostileRequests(Targets targets, QList<Route> routes, quint32 seed);

    static QStringList categories();
    // `count` requests of one category (an index into categories()), spread
    // round-robin over every route.
    QList<Request> generate(int category, int count);

private:
    enum class Aim
    {
        Real,    // an existing row (only for reads)
        Absent,  // a well-formed id of no row
        Payload, // the category's hostile value in every parameter
    };
    Request make(const QString &category, const Route &route, const QByteArray &payload, Aim aim,
                 const QByteArray &body, const QList<QByteArray> &headers,
                 bool bogusCredential = false);
    QByteArray target(const Route &route, Aim aim, const QByteArray &payload);
    QJsonObject baseBody(const Route &route) const;
    // The base body as JSON text with every field of the given types replaced
    // by the raw text replacement(type of that field) gives.
    QByteArray replaced(const Route &route, const QList<int> &types,
                        const std::function<QByteArray(int type)> &replacement) const;
    QByteArray bodyFor(int category, const Route &route, QByteArray *payload, Aim *aim,
                       QList<QByteArray> *headers);

    int pick(int count) { return int(m_random.bounded(count)); }
    template <typename T> T pickFrom(const QList<T> &items)
    {
        return items.at(pick(int(items.size())));
    }

    Targets m_targets;
    QList<Route> m_routes;
    QRandomGenerator m_random;
    int m_next = 0;
};
