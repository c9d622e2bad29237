#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "httprequestparser.h"

// Turns what the parser read into the ApiRequest handlers see, and names
// every request (X-Request-Id) the same way for the logs, the audit log and
// the answer.
namespace ApiRequestBuilder {
ApiRequest fromParsed(const HttpParsedRequest &parsed);
// The client's X-Request-Id when it is safe to put in a log line (1 to 64 of
// [A-Za-z0-9._-]), else a new random one (24 hex digits).
QByteArray requestIdFrom(const QByteArray &given);
// The answer with X-Request-Id: the id the request goes by in logs and the audit log.
ApiResponse withRequestId(ApiResponse response, const QByteArray &requestId);
} // namespace ApiRequestBuilder
