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
// place that picks an HTTP status). The mapping runs where the result appears
// (the worker, or the executor's sweeper for dropped work), so JSON is
// serialised off the HTTP thread.
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

// toResponse(const T &) -> ApiResponse makes the answer for a value.
template <typename T, typename ToResponse>
QFuture<ApiResponse> respond(QFuture<Result<T>> future, ToResponse toResponse)
{
    return future.then([toResponse = std::move(toResponse)](const Result<T> &result) {
        return result ? toResponse(*result) : ApiResponse::error(result.error());
    });
}

} // namespace ControllerSupport
