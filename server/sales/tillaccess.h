#pragma once

#include <QString>

// Whose till a sale, refund or shift belongs to, and what the caller may do
// with shifts (issue 18). Built from the request's Principal by
// TillAccessPolicy (server/http); the sales layer knows no principals.
struct TillAccess
{
    enum class Kind
    {
        None,  // anonymous or a booking holder: takes no money
        Clerk, // a clerk: their own shift only
        Admin, // an admin (session, token or the bootstrap token): any shift
        Shop,  // a web shop's token: online payments, no shift
    };
    Kind kind = Kind::None;
    // shifts.owner of the caller: 'user:<id>', 'token:<id>' or 'bootstrap'.
    QString owner;
    QString clerkName; // shown on the shift and its report

    bool mayUseAnyShift() const { return kind == Kind::Admin; }
    bool hasShifts() const { return kind == Kind::Clerk || kind == Kind::Admin; }
};
