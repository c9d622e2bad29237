#pragma once

#include <QByteArray>
#include <QString>

// The model of tst_authorizationmatrix: the kinds of credential the issue
// names, what the router must answer each of them on a route of each access
// class, and how a route pattern becomes a path to real rows.
namespace AccessMatrix {
struct RouteRow
{
    QString method, path, access, rateLimit;
};

// How a credential was made, which decides what the router must say to it.
enum class Kind
{
    None,    // no Authorization header
    Refused, // malformed, unknown, expired or revoked: always 401 with reason
    Clerk,
    Shop,
    Admin,
    Holder, // a booking access token (public booking "token" only)
};

struct Credential
{
    QString name;
    Kind kind;
    QByteArray authorization; // the header value; empty: none sent
    QString reason;           // Refused and None: the 401's "reason"
    qint64 booking = 0;       // the booking this credential's booking rows aim at
    QString reference;
    QString username; // sessions: whose, to log in again after a logout row
};

enum class Verdict
{
    Allowed,
    Unauthorized,
    Forbidden,
};

// Rows a route may be given (ids and keys that exist), so an allowed request
// reaches its handler and does not stop at a 404 for a made-up id.
struct Targets
{
    qint64 show = 0;       // bookings are made on it
    qint64 victimShow = 0; // /admin/shows/:id may cancel it
    qint64 victimUser = 0; // /admin/users/:id may change it
    qint64 victimToken = 0;
    QString flagKey = QStringLiteral("matrix.flag");
    qint64 plan = 0;       // a seating plan (/plans/:id)
    qint64 seatedShow = 0; // a show of that plan: /shows/:id/seats has a map to answer
};

// What the router must answer on a route of this access class ("public",
// "authenticated", "booking", "booking_record", "admin" as GET /admin/routes
// says) in this public-booking mode; *known is false for any other class.
Verdict expected(const QString &access, Kind kind, const QString &mode, bool *known);
QString verdictName(Verdict verdict);
// The pattern with each ":param" replaced by a real row's id, key or reference.
QString concretePath(const QString &pattern, const Targets &targets, const Credential &credential);
} // namespace AccessMatrix
