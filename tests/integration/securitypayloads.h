#pragma once

#include <QByteArray>
#include <QJsonValue>
#include <QList>
#include <QString>

// The hostile values of tst_hostilesecurity, and the request bodies each route
// of issue 13's table takes, so that every string field can be given them.
namespace SecurityPayloads {

struct Field
{
    enum Type
    {
        Text,   // free text (names, passwords)
        Choice, // one of a few words (role)
        Time,   // an ISO 8601 timestamp
        Number,
        Bool,
    };
    QString name;
    Type type;
    QJsonValue sample; // a value the route would accept
};

// What a route's body holds, and one change that makes it surely invalid by
// the contract (a 9-character password, role "root", seats 0), for routes
// where a well-formed body would be a real change.
struct Schema
{
    QList<Field> fields;
    QString invalidField;
    QJsonValue invalidValue;
};

// By method and pattern as GET /admin/routes lists them; a route the suite does
// not know gets a generic two-field body.
Schema schemaFor(const QByteArray &method, const QString &pattern);
bool knownSchema(const QByteArray &method, const QString &pattern);

QList<QByteArray> sqlInjections();
// Byte sequences that are not UTF-8 (overlong, surrogates, truncated, stray).
QList<QByteArray> invalidUtf8();
// Number literals no field can hold (past any range the contract gives).
QList<QByteArray> hugeNumbers();
// Authorization header values a client could send by mistake or on purpose.
QList<QByteArray> bogusAuthorizations();
// X-Forwarded-For (and kin) header lines claiming to come from elsewhere.
QList<QByteArray> forgedForwarding();

// Every byte outside [A-Za-z0-9._~-] as %XX, for a path segment or a query value.
QByteArray percentEncoded(const QByteArray &bytes);

} // namespace SecurityPayloads
