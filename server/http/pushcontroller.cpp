#include "pushcontroller.h"

#include "bookingaccesspolicy.h"
#include "controllersupport.h"
#include "push/eventstreamsubscriber.h"
#include "push/pushhub.h"
#include "push/websocketgateway.h"
#include "responsestream.h"
#include "router.h"

#include <QPointer>
#include <QTcpSocket>

namespace {
using ControllerSupport::ready;

QFuture<ApiResponse> ready(const ApiResponse &response)
{
    return QtFuture::makeReadyFuture(response);
}

DomainError invalid(const QString &field, const QString &message)
{
    return {ErrorCode::InvalidField, message, QJsonObject{{QStringLiteral("field"), field}}};
}

// A feed number: a non-negative integer; nullopt when malformed.
std::optional<qint64> feedNumber(const QByteArray &text)
{
    if (text.isEmpty())
        return 0;
    if (text.size() > 18 || !std::all_of(text.begin(), text.end(), [](char c) {
            return c >= '0' && c <= '9';
        }))
        return std::nullopt;
    return text.toLongLong();
}

bool hasToken(const QByteArray &list, const QByteArray &token)
{
    for (const QByteArray &item : list.split(',')) {
        if (item.trimmed().toLower() == token)
            return true;
    }
    return false;
}

// What RFC 6455 4.2.1 asks of the handshake, so that a bad one gets a clear
// answer here rather than a closed connection from Qt.
QString handshakeProblem(const ApiRequest &request)
{
    if (!hasToken(request.header("upgrade"), "websocket") ||
        !hasToken(request.header("connection"), "upgrade"))
        return QStringLiteral("GET /ws is a WebSocket: send Upgrade: websocket and "
                              "Connection: Upgrade.");
    if (request.header("sec-websocket-version") != "13")
        return QStringLiteral("Sec-WebSocket-Version must be 13.");
    if (QByteArray::fromBase64(request.header("sec-websocket-key")).size() != 16)
        return QStringLiteral("Sec-WebSocket-Key must be 16 bytes in base64.");
    return {};
}
} // namespace

void PushController::registerRoutes(Router &router)
{
    using ControllerSupport::action;
    using M = QHttpServerRequest::Method;
    router.add(M::Get, QStringLiteral("/events"), Router::Access::Subscriber,
               action(this, &PushController::events));
    router.add(M::Get, QStringLiteral("/ws"), Router::Access::Subscriber,
               action(this, &PushController::webSocket));
}

std::optional<DomainError> PushController::admit(const ApiRequest &request, const Since &given,
                                                 PushSubscription *subscription,
                                                 qint64 *since) const
{
    *subscription =
        PushSubscription(BookingAccessPolicy::forPrincipal(request.principal, m_publicBooking),
                         request.principal.isStaff());
    QString field;
    if (const QString error = subscription->readQuery(request.query, &field); !error.isEmpty())
        return invalid(field, error);
    const std::optional<qint64> number = feedNumber(given.text);
    if (!number)
        return invalid(given.field, given.refusal);
    *since = *number;
    if (m_hub.isFull())
        return DomainError{ErrorCode::ServerBusy,
                           QStringLiteral("Too many live-push subscribers; retry."),
                           {}};
    return std::nullopt;
}

QFuture<ApiResponse> PushController::events(const ApiRequest &request)
{
    // Last-Event-ID is what a browser sends when it reconnects; the query
    // parameter is for clients that cannot set headers.
    QByteArray lastId = request.header("last-event-id");
    if (lastId.isEmpty())
        lastId = request.query.queryItemValue(QStringLiteral("last_event_id")).toLatin1();
    PushSubscription subscription;
    qint64 since = 0;
    const Since given{lastId, QStringLiteral("Last-Event-ID"),
                      QStringLiteral("Last-Event-ID must be the id of an event (a number).")};
    if (auto refused = admit(request, given, &subscription, &since))
        return ready(*refused);
    QPointer<PushHub> hub(&m_hub);
    ApiResponse response = ApiResponse::stream(
        "text/event-stream", [hub, subscription, since](ResponseStream *stream) {
            if (hub)
                hub->attach(new EventStreamSubscriber(stream, subscription), since);
        });
    response.headers.append(qMakePair(QByteArray("Cache-Control"), QByteArray("no-cache")));
    // nginx would otherwise buffer the stream (packaging/nginx/boxoffice.conf).
    response.headers.append(qMakePair(QByteArray("X-Accel-Buffering"), QByteArray("no")));
    return ready(response);
}

QFuture<ApiResponse> PushController::webSocket(const ApiRequest &request)
{
    if (const QString problem = handshakeProblem(request); !problem.isEmpty()) {
        ApiResponse refused = ApiResponse::error(ErrorCode::UpgradeRequired, problem);
        refused.headers.append(qMakePair(QByteArray("Upgrade"), QByteArray("websocket")));
        refused.headers.append(qMakePair(QByteArray("Sec-WebSocket-Version"), QByteArray("13")));
        return ready(refused);
    }
    PushSubscription subscription;
    qint64 since = 0;
    const Since given{request.query.queryItemValue(QStringLiteral("since")).toLatin1(),
                      QStringLiteral("since"),
                      QStringLiteral("since must be the seq of an event (a number).")};
    if (auto refused = admit(request, given, &subscription, &since))
        return ready(*refused);
    QPointer<WebSocketGateway> gateway(&m_gateway);
    return ready(ApiResponse::upgrade([gateway, subscription, since](QTcpSocket *socket) {
        if (gateway)
            gateway->accept(socket, subscription, since);
        else
            socket->deleteLater();
    }));
}
