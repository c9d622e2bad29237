#pragma once

#include "auth/principal.h"
#include "auth/publicbooking.h"
#include "booking/bookingaccess.h"

// Turns who is asking (the Router's Principal) into the bookings they may
// touch (BookingAccess), with the public-booking mode in force. The Router
// already refused callers who may not call a booking route at all; this
// narrows "may call the route" to "may touch this booking". Stateless.
namespace BookingAccessPolicy {

// admin, clerk, bootstrap admin: any booking; shop: those its token made;
// booking holder: the one its token opens; anonymous: any with
// PublicBooking::Open, none otherwise (booking still allowed in token mode,
// each booking then getting an access token of its own).
BookingAccess forPrincipal(const Principal &principal, PublicBooking mode);

} // namespace BookingAccessPolicy
