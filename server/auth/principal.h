#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <optional>

// The staff roles. A role grants a fixed set of routes (the Router's table);
// "shop" may in addition settle only the bookings it made (the services check).
enum class StaffRole
{
    Admin,
    Clerk,
    Shop,
};

QString staffRoleName(StaffRole role);
std::optional<StaffRole> staffRoleFromName(const QString &name);

// Who is asking, as the Router resolved the request's credential. Services get
// a copy: they never see tokens, only this.
struct Principal
{
    enum class Kind
    {
        Anonymous,      // no credential
        BootstrapAdmin, // BOXOFFICE_ADMIN_TOKEN (or the generated admin-token file)
        Session,        // a staff user's login session
        ApiToken,       // a token for another program (web shop, kiosk)
        BookingHolder,  // a per-booking access token ("bka_...") from an anonymous booking
    };
    Kind kind = Kind::Anonymous;
    std::optional<StaffRole> role; // none for Anonymous and BookingHolder
    qint64 tokenId = 0;            // Session and ApiToken: auth_tokens.id
    qint64 userId = 0;             // Session: staff_users.id
    QString name;                  // Session: username; ApiToken: the token's name
    QDateTime expiresAt;           // Session and ApiToken (invalid = never)
    // BookingHolder: SHA-256 of the token shown, compared with bookings.access_token_hash.
    QByteArray bookingAccessHash;

    bool isStaff() const { return role.has_value(); }
    bool hasRole(StaffRole wanted) const { return role == wanted; }
    // The name in audit rows and flag history: a username, "token:<name>",
    // "bootstrap-admin", "booking-holder" or "anonymous".
    QString actor() const;
    // audit_log.actor_role: "admin", "clerk", "shop" or "anonymous".
    QString roleName() const;

    static Principal anonymous() { return {}; }
    static Principal bootstrapAdmin();
};
