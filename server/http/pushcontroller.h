#pragma once

#include "apiresponse.h"
#include "auth/publicbooking.h"
#include "push/pushsubscription.h"
#include "result.h"

#include <QFuture>

#include <optional>

class PushHub;
class Router;
class WebSocketGateway;
struct ApiRequest;

// Live push's two doors (docs/api.md, "Live push"): GET /events, a stream of
// Server-Sent Events, and GET /ws, a WebSocket. Both read what to hear of
// from the query and who is asking from the Router; the hub does the rest.
// Lives on the HTTP thread, like the hub.
class PushController
{
public:
    PushController(PushHub &hub, WebSocketGateway &gateway, PublicBooking publicBooking)
        : m_hub(hub), m_gateway(gateway), m_publicBooking(publicBooking)
    {
    }
    void registerRoutes(Router &router);

    QFuture<ApiResponse> events(const ApiRequest &request);
    QFuture<ApiResponse> webSocket(const ApiRequest &request);

private:
    // Who may hear what, from the request; the refusal when a parameter is
    // malformed or the hub is full.
    struct Since
    {
        QByteArray text; // as sent; empty = 0
        QString field;   // its name in a refusal
        QString refusal; // what a malformed one is told
    };
    std::optional<DomainError> admit(const ApiRequest &request, const Since &given,
                                     PushSubscription *subscription, qint64 *since) const;

    PushHub &m_hub;
    WebSocketGateway &m_gateway;
    PublicBooking m_publicBooking;
};
