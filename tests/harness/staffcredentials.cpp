#include "staffcredentials.h"

#include <QJsonDocument>

TestHttpClient::Reply StaffCredentials::adminPost(const QString &path, const QJsonObject &body)
{
    return m_http.post(path, body, true);
}

qint64 StaffCredentials::createUser(const QString &username, const QString &role)
{
    const auto reply =
        adminPost(QStringLiteral("/admin/users"), {{QStringLiteral("username"), username},
                                                   {QStringLiteral("password"), password()},
                                                   {QStringLiteral("role"), role}});
    const qint64 id = reply.object().value(QStringLiteral("id")).toInteger();
    if (reply.status != 201 || id <= 0) {
        fail(QStringLiteral("POST /admin/users %1 (%2): expected 201 with an id, got %3")
                 .arg(username, role, reply.describe()));
        return 0;
    }
    return id;
}

StaffCredentials::Token StaffCredentials::login(const QString &username)
{
    const auto reply =
        m_http.post(QStringLiteral("/auth/login"), {{QStringLiteral("username"), username},
                                                    {QStringLiteral("password"), password()}});
    const QByteArray token = reply.object().value(QStringLiteral("token")).toString().toLatin1();
    if (reply.status != 200 || !token.startsWith("bos_")) {
        fail(QStringLiteral("POST /auth/login %1: expected 200 with a bos_ token, got %2")
                 .arg(username, reply.describe()));
        return {};
    }
    // The id is not part of the login answer, and asking /auth/me would put the
    // token into the server's cache, which a test that changes the row in SQL avoids.
    return {0, token, username};
}

StaffCredentials::Token StaffCredentials::session(const QString &username, const QString &role)
{
    if (createUser(username, role) <= 0)
        return {};
    return login(username);
}

StaffCredentials::Token StaffCredentials::apiToken(const QString &name, const QString &role)
{
    const auto reply = adminPost(QStringLiteral("/admin/tokens"),
                                 {{QStringLiteral("name"), name}, {QStringLiteral("role"), role}});
    const QJsonObject answer = reply.object();
    const QByteArray token = answer.value(QStringLiteral("token")).toString().toLatin1();
    if (reply.status != 201 || !token.startsWith("boa_")) {
        fail(QStringLiteral("POST /admin/tokens %1 (%2): expected 201 with a boa_ token, "
                            "got %3")
                 .arg(name, role, reply.describe()));
        return {};
    }
    return {answer.value(QStringLiteral("id")).toInteger(), token, {}};
}

bool StaffCredentials::logout(const QByteArray &token)
{
    const auto reply =
        m_http.send("POST", QStringLiteral("/auth/logout"), {}, {{"Authorization", bearer(token)}});
    if (reply.status != 204) {
        fail(QStringLiteral("POST /auth/logout: expected 204, got %1").arg(reply.describe()));
        return false;
    }
    return true;
}

int StaffCredentials::meStatus(const QByteArray &token)
{
    return m_http.send("GET", QStringLiteral("/auth/me"), {}, {{"Authorization", bearer(token)}})
        .status;
}
