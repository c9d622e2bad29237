#pragma once

#include "apiclient.h"
#include "stafftypes.h"

#include <QDateTime>
#include <QList>

#include <optional>

// The security endpoints (login, who am I, staff accounts, API tokens) as typed
// calls on an ApiClient, which sends them with its base URL, token and pinning.
// Kept apart from ApiClient so the booking client stays small.
class StaffApi
{
public:
    template <typename T> using Callback = ApiClient::Callback<T>;

    explicit StaffApi(ApiClient *api) : m_api(api) {}
    ApiClient *client() const { return m_api; }

    void login(const QString &username, const QString &password, QObject *context,
               Callback<LoginGrant> done);
    void me(QObject *context, Callback<StaffIdentity> done);
    void logout(QObject *context, Callback<bool> done);

    void users(QObject *context, Callback<QList<StaffUser>> done);
    void createUser(const QString &username, const QString &password, const QString &role,
                    QObject *context, Callback<StaffUser> done);
    void updateUser(qint64 id, const std::optional<QString> &role,
                    const std::optional<bool> &disabled, QObject *context,
                    Callback<StaffUser> done);
    void resetPassword(qint64 id, const QString &password, QObject *context,
                       Callback<StaffUser> done);
    void unlockUser(qint64 id, QObject *context, Callback<StaffUser> done);

    void tokens(QObject *context, Callback<QList<ApiTokenInfo>> done);
    void createToken(const QString &name, const QString &role, const QDateTime &expiresAt,
                     QObject *context, Callback<ApiTokenInfo> done);
    void revokeToken(qint64 id, QObject *context, Callback<ApiTokenInfo> done);

private:
    ApiClient *m_api;
};
