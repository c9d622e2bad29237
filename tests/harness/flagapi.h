#pragma once

#include "testhttpclient.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

// The feature-flag routes of issue 12 as the tests call them: the admin API
// under /admin/flags (with the admin token), preview, and the public evaluate.
// Keys go into the path as given, so a test can send "ai%3Amodel" or "a%2Fb".
class FlagApi
{
public:
    explicit FlagApi(TestHttpClient &http) : m_http(http) {}

    using Reply = TestHttpClient::Reply;
    using Headers = QList<QPair<QByteArray, QByteArray>>;

    Reply list(bool admin = true);
    Reply get(const QString &key, bool admin = true);
    // The body is sent byte for byte as application/json; an empty ifMatch sends none.
    Reply put(const QString &key, const QByteArray &body, const QByteArray &ifMatch = {},
              bool admin = true);
    Reply remove(const QString &key, const QByteArray &ifMatch = {}, bool admin = true);
    // query without the '?', e.g. "limit=2&offset=1".
    Reply history(const QString &key, const QString &query = {}, bool admin = true);
    Reply preview(const QString &key, const QByteArray &body, bool admin = true);
    Reply preview(const QString &key, const QStringList &subjects,
                  const QByteArray &draftValue = {});
    // GET /flags/evaluate?subject=<subject, percent-encoded>.
    Reply evaluate(const QString &subject);
    Reply config();

    // A PUT that must work (200 or 201); false with a warning saying what came back.
    bool set(const QString &key, const QByteArray &value);
    // A DELETE that must work (200, or 404 when there was nothing); false with a warning.
    bool unset(const QString &key);

    // The flag list and the history of each given key as one text, to compare
    // before and after something that must not store anything.
    QString state(const QStringList &historyKeys);

    // The bucket the contract defines: SHA-256 over UTF-8 "key/subject", its
    // first 8 bytes as a big-endian unsigned integer, modulo 1000.
    static int bucket(const QString &key, const QString &subject);
    // Any JSON text as a value ("null", "3", "[...]" too), and a value as
    // compact JSON text for failure messages.
    static QJsonValue parse(const QByteArray &json);
    static QString compact(const QJsonValue &value);
    // n distinct subject ids "<prefix>-0".."<prefix>-(n-1)".
    static QStringList subjects(const QString &prefix, int n);

    TestHttpClient &http() { return m_http; }

private:
    Headers adminHeaders(bool admin) const;

    TestHttpClient &m_http;
};
