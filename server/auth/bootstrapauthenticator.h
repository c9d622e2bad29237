#pragma once

#include "authenticator.h"

// The credentials that need no database: BOXOFFICE_ADMIN_TOKEN (the bootstrap
// admin) and per-booking access tokens ("bka_...", checked against the booking
// row by the service that reads it). Every other token is InvalidToken here;
// the token-cache authenticator handles staff and API tokens and asks this one
// first.
class BootstrapAuthenticator : public Authenticator
{
public:
    explicit BootstrapAuthenticator(QByteArray adminToken);

    QFuture<Result<Principal>>
    authenticate(const QByteArray &authorization,
                 const std::shared_ptr<std::atomic<bool>> &abandoned) const override;

    // The same, synchronously: nullopt for a token this class does not know
    // (neither the bootstrap token nor a booking access token).
    std::optional<Result<Principal>> resolve(const QByteArray &authorization) const;

private:
    QByteArray m_adminTokenDigest; // empty when there is no bootstrap token
};
