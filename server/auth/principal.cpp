#include "principal.h"

QString staffRoleName(StaffRole role)
{
    switch (role) {
    case StaffRole::Admin:
        return QStringLiteral("admin");
    case StaffRole::Clerk:
        return QStringLiteral("clerk");
    case StaffRole::Shop:
        return QStringLiteral("shop");
    }
    return QStringLiteral("clerk");
}

std::optional<StaffRole> staffRoleFromName(const QString &name)
{
    if (name == QLatin1String("admin"))
        return StaffRole::Admin;
    if (name == QLatin1String("clerk"))
        return StaffRole::Clerk;
    if (name == QLatin1String("shop"))
        return StaffRole::Shop;
    return std::nullopt;
}

QString Principal::actor() const
{
    switch (kind) {
    case Kind::Anonymous:
        return QStringLiteral("anonymous");
    case Kind::BootstrapAdmin:
        return QStringLiteral("bootstrap-admin");
    case Kind::Session:
        return name;
    case Kind::ApiToken:
        return QStringLiteral("token:") + name;
    case Kind::BookingHolder:
        return QStringLiteral("booking-holder");
    }
    return QStringLiteral("anonymous");
}

QString Principal::roleName() const
{
    return role ? staffRoleName(*role) : QStringLiteral("anonymous");
}

Principal Principal::bootstrapAdmin()
{
    Principal principal;
    principal.kind = Kind::BootstrapAdmin;
    principal.role = StaffRole::Admin;
    return principal;
}
