#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "audit/auditentry.h"
#include "db/dbexecutor.h"
#include "router.h"

#include <QFuture>

#include <utility>

// What every controller does around a service call: hand the request's
// "client has gone" flag to the executor, answer bad input at once, and map a
// service Result to an ApiResponse (errors through ApiResponse::error, the one
// place that picks an HTTP status). The mapping runs inside the executor's
// job, where the result appears (the worker, or the sweeper for dropped work),
// so JSON is serialised off the HTTP thread without a continuation of our own:
// the future comes back finished on the HTTP thread (DbExecutor, "Qt 6.4
// futures"), where the HTTP layer attaches its continuation.
namespace ControllerSupport {

// A route handler that calls one named action of a controller.
template <typename Controller>
Router::Handler action(Controller *controller,
                       QFuture<ApiResponse> (Controller::*member)(const ApiRequest &))
{
    return
        [controller, member](const ApiRequest &request) { return (controller->*member)(request); };
}

inline DbExecutor::Ticket ticket(const ApiRequest &request)
{
    return DbExecutor::Ticket{request.abandoned};
}

// Who, from where, in which request: what a service writes into the audit
// log next to the change it makes (services know no HTTP, so they get this).
inline AuditContext auditContext(const ApiRequest &request)
{
    return AuditContext{request.principal.actor(), request.principal.roleName(),
                        request.clientAddress, QString::fromLatin1(request.requestId)};
}

inline QFuture<ApiResponse> ready(const DomainError &error)
{
    return QtFuture::makeReadyFuture(ApiResponse::error(error));
}

// Runs work(DatabaseSession &) -> Result<T> for the request on the executor;
// toResponse(const T &) -> ApiResponse makes the answer for a value.
template <typename Work, typename ToResponse>
QFuture<ApiResponse> respond(DbExecutor &executor, const ApiRequest &request, Work work,
                             ToResponse toResponse)
{
    return executor.run(
        ticket(request),
        [work = std::move(work), toResponse = std::move(toResponse)](DatabaseSession &session) {
            const auto result = work(session);
            return result ? toResponse(*result) : ApiResponse::error(result.error());
        },
        [](DbExecutor::Rejection why) { return ApiResponse::error(DbExecutor::busyError(why)); });
}

} // namespace ControllerSupport
