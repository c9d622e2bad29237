#include "bookingaccesspolicy.h"

BookingAccess BookingAccessPolicy::forPrincipal(const Principal &principal, PublicBooking mode)
{
    switch (principal.kind) {
    case Principal::Kind::BookingHolder:
        // Judged by its token in every mode: a presented credential never
        // widens to what an anonymous caller could see.
        return principal.bookingAccessHash.isEmpty()
                   ? BookingAccess::none()
                   : BookingAccess::holder(principal.bookingAccessHash);
    case Principal::Kind::Anonymous: {
        if (mode == PublicBooking::Open)
            return BookingAccess::any();
        BookingAccess access = BookingAccess::none();
        access.issuesAccessToken = mode == PublicBooking::Token;
        return access;
    }
    case Principal::Kind::BootstrapAdmin:
    case Principal::Kind::Session:
    case Principal::Kind::ApiToken:
        break;
    }
    if (!principal.role)
        return BookingAccess::none();
    switch (*principal.role) {
    case StaffRole::Admin:
    case StaffRole::Clerk:
        return BookingAccess::any(principal.tokenId);
    case StaffRole::Shop:
        // A shop without a token row could own nothing; tokenId 0 matches no booking.
        return BookingAccess::ownToken(principal.tokenId);
    }
    return BookingAccess::none();
}
