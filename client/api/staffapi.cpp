#include "staffapi.h"

#include "apierror.h"
#include "timestamps.h"

#include <QJsonArray>
#include <QJsonObject>

namespace {
DomainError unusable(const QString &what)
{
    return ApiError::make(ApiError::Kind::BadResponse, QStringLiteral("not %1").arg(what));
}

// Wraps `done` so it receives T decoded from the answer's object.
template <typename T>
ApiClient::Callback<QJsonValue> decoding(ApiClient::Callback<T> done, const QString &what)
{
    return [done = std::move(done), what](const Result<QJsonValue> &answer) {
        if (!answer)
            return done(answer.error());
        if (auto value = T::fromJson(answer->toObject()))
            return done(*value);
        done(unusable(what));
    };
}

template <typename T>
ApiClient::Callback<QJsonValue> decodingList(ApiClient::Callback<QList<T>> done, const QString &key)
{
    return [done = std::move(done), key](const Result<QJsonValue> &answer) {
        if (!answer)
            return done(answer.error());
        const QJsonValue list = answer->toObject().value(key);
        if (!list.isArray())
            return done(unusable(QStringLiteral("a list of ") + key));
        QList<T> items;
        for (const QJsonValue &entry : list.toArray()) {
            auto item = T::fromJson(entry.toObject());
            if (!item)
                return done(unusable(QStringLiteral("an entry of ") + key));
            items.append(*item);
        }
        done(items);
    };
}

QString userPath(qint64 id, const QString &tail = {})
{
    return QStringLiteral("/admin/users/%1").arg(id) + tail;
}
} // namespace

void StaffApi::login(const QString &username, const QString &password, QObject *context,
                     Callback<LoginGrant> done)
{
    const QJsonObject body{{QStringLiteral("username"), username},
                           {QStringLiteral("password"), password}};
    m_api->sendJson("POST", QStringLiteral("/auth/login"), {}, body, true, context,
                    decoding<LoginGrant>(std::move(done), QStringLiteral("a login answer")));
}

void StaffApi::me(QObject *context, Callback<StaffIdentity> done)
{
    m_api->sendJson("GET", QStringLiteral("/auth/me"), {}, std::nullopt, false, context,
                    decoding<StaffIdentity>(std::move(done), QStringLiteral("an identity")));
}

void StaffApi::logout(QObject *context, Callback<bool> done)
{
    // An empty JSON body: a POST with a content type passes every CSRF rule.
    m_api->sendJson("POST", QStringLiteral("/auth/logout"), {}, QJsonObject(), false, context,
                    [done = std::move(done)](const Result<QJsonValue> &answer) {
                        if (!answer)
                            return done(answer.error());
                        done(true);
                    });
}

void StaffApi::users(QObject *context, Callback<QList<StaffUser>> done)
{
    m_api->sendJson("GET", QStringLiteral("/admin/users"), {}, std::nullopt, false, context,
                    decodingList<StaffUser>(std::move(done), QStringLiteral("users")));
}

void StaffApi::createUser(const QString &username, const QString &password, const QString &role,
                          QObject *context, Callback<StaffUser> done)
{
    const QJsonObject body{{QStringLiteral("username"), username},
                           {QStringLiteral("password"), password},
                           {QStringLiteral("role"), role}};
    m_api->sendJson("POST", QStringLiteral("/admin/users"), {}, body, false, context,
                    decoding<StaffUser>(std::move(done), QStringLiteral("a user")));
}

void StaffApi::updateUser(qint64 id, const std::optional<QString> &role,
                          const std::optional<bool> &disabled, QObject *context,
                          Callback<StaffUser> done)
{
    QJsonObject body;
    if (role)
        body.insert(QStringLiteral("role"), *role);
    if (disabled)
        body.insert(QStringLiteral("disabled"), *disabled);
    m_api->sendJson("PATCH", userPath(id), {}, body, false, context,
                    decoding<StaffUser>(std::move(done), QStringLiteral("a user")));
}

void StaffApi::resetPassword(qint64 id, const QString &password, QObject *context,
                             Callback<StaffUser> done)
{
    const QJsonObject body{{QStringLiteral("password"), password}};
    m_api->sendJson("POST", userPath(id, QStringLiteral("/password")), {}, body, false, context,
                    decoding<StaffUser>(std::move(done), QStringLiteral("a user")));
}

void StaffApi::unlockUser(qint64 id, QObject *context, Callback<StaffUser> done)
{
    m_api->sendJson("POST", userPath(id, QStringLiteral("/unlock")), {}, QJsonObject(), false,
                    context, decoding<StaffUser>(std::move(done), QStringLiteral("a user")));
}

void StaffApi::tokens(QObject *context, Callback<QList<ApiTokenInfo>> done)
{
    m_api->sendJson("GET", QStringLiteral("/admin/tokens"), {}, std::nullopt, false, context,
                    decodingList<ApiTokenInfo>(std::move(done), QStringLiteral("tokens")));
}

void StaffApi::createToken(const QString &name, const QString &role, const QDateTime &expiresAt,
                           QObject *context, Callback<ApiTokenInfo> done)
{
    QJsonObject body{{QStringLiteral("name"), name}, {QStringLiteral("role"), role}};
    if (expiresAt.isValid())
        body.insert(QStringLiteral("expires_at"), Timestamps::toIsoUtc(expiresAt));
    m_api->sendJson("POST", QStringLiteral("/admin/tokens"), {}, body, false, context,
                    decoding<ApiTokenInfo>(std::move(done), QStringLiteral("a token")));
}

void StaffApi::revokeToken(qint64 id, QObject *context, Callback<ApiTokenInfo> done)
{
    m_api->sendJson("DELETE", QStringLiteral("/admin/tokens/%1").arg(id), {}, std::nullopt, false,
                    context, decoding<ApiTokenInfo>(std::move(done), QStringLiteral("a token")));
}
