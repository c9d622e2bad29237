#include "websocketgateway.h"

#include "app/logcategories.h"
#include "http/readblockrelease.h"
#include "pushhub.h"
#include "websocketsubscriber.h"

#include <QLoggingCategory>
#include <QTcpSocket>
#include <QWebSocket>
#include <QWebSocketServer>

WebSocketGateway::WebSocketGateway(PushHub &hub, QObject *parent)
    : QObject(parent), m_hub(hub),
      m_server(new QWebSocketServer(QStringLiteral("boxoffice"), QWebSocketServer::NonSecureMode,
                                    this))
{
    // Every handshake it sees was admitted by the Router already; the limit
    // that counts is the hub's.
    m_server->setMaxPendingConnections(PushHub::kMaxSubscribers);
    connect(m_server, &QWebSocketServer::newConnection, this, &WebSocketGateway::onNewConnection);
}

WebSocketGateway::~WebSocketGateway() = default;

void WebSocketGateway::accept(QTcpSocket *socket, const PushSubscription &subscription,
                              qint64 since)
{
    const PeerKey key{socket->peerAddress(), socket->peerPort()};
    // A handshake that fails closes the socket; its admission goes with it.
    const QMetaObject::Connection onFailure =
        connect(socket, &QTcpSocket::disconnected, this, [this, key] { m_admitted.remove(key); });
    m_admitted.insert(key, {subscription, since, onFailure, socket});
    m_server->handleConnection(socket);
}

void WebSocketGateway::onNewConnection()
{
    while (m_server->hasPendingConnections()) {
        QWebSocket *socket = m_server->nextPendingConnection();
        const Admitted admitted = m_admitted.take({socket->peerAddress(), socket->peerPort()});
        disconnect(admitted.onFailure);
        // Idle subscribers are most of them: none keeps a read block it does not use.
        if (admitted.socket)
            ReadBlockRelease::releaseAfterEachRead(admitted.socket);
        auto *subscriber = new WebSocketSubscriber(socket, admitted.subscription);
        subscriber->setParent(this); // so that none outlives the hub

        m_hub.attach(subscriber, admitted.since);
    }
}
