#pragma once

#include "testhttpclient.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

// Staff users, their login sessions and API tokens made the way an operator
// makes them (issue 13): /admin/users and /admin/tokens as the bootstrap admin,
// /auth/login for a session. For the tests that need a credential of each
// role. Lives on the test thread, like the client it uses.
class StaffCredentials
{
public:
    explicit StaffCredentials(TestHttpClient &http) : m_http(http) {}

    struct Token
    {
        qint64 id = 0;    // auth_tokens.id when the answer gave it, else 0
        QByteArray token; // the secret: "bos_..." or "boa_..."; empty when it failed
        QString username; // sessions: whose; empty for API tokens
    };

    // A password that meets the contract's rules (10..1024 characters).
    static QString password() { return QStringLiteral("correct horse battery"); }
    // POST /admin/users {username, password(), role}: the user's id, or 0 with errorString().
    qint64 createUser(const QString &username, const QString &role);
    // POST /auth/login with password(): a session token, empty with errorString().
    Token login(const QString &username);
    // createUser() then login(): a fresh session of a new user with this role.
    Token session(const QString &username, const QString &role);
    // POST /admin/tokens {name, role}: an API token, empty with errorString().
    Token apiToken(const QString &name, const QString &role);
    // POST /auth/logout with the token: true on 204, else false with errorString().
    bool logout(const QByteArray &token);
    // GET /auth/me with the token: its status (200 while the token works).
    int meStatus(const QByteArray &token);

    QString errorString() const { return m_error; }

    static QByteArray bearer(const QByteArray &token) { return "Bearer " + token; }

private:
    TestHttpClient::Reply adminPost(const QString &path, const QJsonObject &body);
    // Keeps every failure, first first: a later one is often caused by an earlier.
    void fail(const QString &what)
    {
        m_error += (m_error.isEmpty() ? QString() : QStringLiteral("; ")) + what;
    }

    TestHttpClient &m_http;
    QString m_error;
};
