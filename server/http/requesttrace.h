#pragma once

#include <QString>

// What the Router learns about a request that the connection needs once it
// has answered: the access log line and the metrics name the route pattern,
// not the path (bounded label values), and the caller as resolved. Shared
// (ApiRequest::trace), because the Router works on its own copy of the
// request. Written and read on the HTTP thread only.
struct RequestTrace
{
    QString route;         // the matched pattern, e.g. "/shows/:id/book"; empty if none matched
    QString clientAddress; // after --trusted-proxies (RequestAdmission::beforeRouting)
    QString actor;         // Principal::actor(); empty on public routes and for anonymous callers
};
