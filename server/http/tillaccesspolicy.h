#pragma once

#include "auth/principal.h"
#include "sales/tillaccess.h"

// Whose till a request's money goes into (TillAccess), from who is asking.
// Stateless, like BookingAccessPolicy.
namespace TillAccessPolicy {

// Admins (session, API token, the bootstrap token) and clerks take money into
// shifts; a shop's token online; anyone else none.
TillAccess forPrincipal(const Principal &principal);

} // namespace TillAccessPolicy
