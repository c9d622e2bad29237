#include "tillaccesspolicy.h"

TillAccess TillAccessPolicy::forPrincipal(const Principal &principal)
{
    TillAccess till;
    if (!principal.role)
        return till;
    switch (principal.kind) {
    case Principal::Kind::BootstrapAdmin:
        till.owner = QStringLiteral("bootstrap");
        break;
    case Principal::Kind::Session:
        till.owner = QStringLiteral("user:%1").arg(principal.userId);
        break;
    case Principal::Kind::ApiToken:
        till.owner = QStringLiteral("token:%1").arg(principal.tokenId);
        break;
    case Principal::Kind::Anonymous:
    case Principal::Kind::BookingHolder:
        return till;
    }
    till.clerkName = principal.actor();
    switch (*principal.role) {
    case StaffRole::Admin:
        till.kind = TillAccess::Kind::Admin;
        break;
    case StaffRole::Clerk:
        till.kind = TillAccess::Kind::Clerk;
        break;
    case StaffRole::Shop:
        till.kind = TillAccess::Kind::Shop;
        break;
    }
    return till;
}
