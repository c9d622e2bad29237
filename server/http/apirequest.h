#pragma once

#include "auth/principal.h"
#include "headerlist.h"
#include "requesttrace.h"

#include <QByteArray>
#include <QHostAddress>
#include <QHttpServerRequest>
#include <QString>
#include <QStringList>
#include <QUrlQuery>

#include <atomic>
#include <memory>
#include <optional>

// Everything a handler may read from an HTTP request: a value copied out of
// the connection's parser, so workers never touch connection state.
// (QHttpServerRequest is used only for its Method enum.)
struct ApiRequest
{
    QHttpServerRequest::Method method = QHttpServerRequest::Method::Unknown;
    QString path; // as sent, still percent-encoded; the Router decodes each segment
    QUrlQuery query;
    QByteArray body;
    QByteArray contentType;
    QByteArray authorization;
    QByteArray idempotencyKey; // raw bytes, only SP/HTAB stripped around them
    QByteArray host;           // the Host header as sent
    QByteArray forwardedFor;   // X-Forwarded-For as sent (trusted only from --trusted-proxies)
    QHostAddress peerAddress;  // the TCP peer
    // Who the client is for rate limits and the audit log: the peer, or the
    // forwarded address when the peer is a trusted proxy (RequestAdmission).
    QString clientAddress;
    // X-Request-Id when the client sent a sane one, else one made up by the
    // server; it names the request in the audit log.
    QByteArray requestId;
    // The If-Match header as sent; nullopt when absent. A header that is there
    // but empty is a mistake to refuse, not "no condition".
    std::optional<QByteArray> ifMatch;
    bool closeAfterResponse = false;
    // Every header as sent (lower-cased names), for the few routes that read
    // one of their own (GET /ws its handshake, GET /events Last-Event-ID).
    HeaderList headers;
    QByteArray header(const QByteArray &lowerCaseName) const
    {
        return headerValue(headers, lowerCaseName);
    }
    QStringList pathArguments; // the ":id"-style segments, filled in by the Router
    // Who is asking, resolved by the Router from the Authorization header on
    // every route that is not public (anonymous on public routes).
    Principal principal;
    // principal.actor(), for audit trails (flag history); empty on public routes.
    QString actor;
    // Set by the HTTP layer when the client hangs up before its answer is
    // written, so queued work for it is dropped instead of run late.
    std::shared_ptr<std::atomic<bool>> abandoned = std::make_shared<std::atomic<bool>>(false);
    // Filled in by the Router for the connection's RequestObservers.
    std::shared_ptr<RequestTrace> trace = std::make_shared<RequestTrace>();
};
