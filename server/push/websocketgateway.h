#pragma once

#include "pushsubscription.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpSocket>

class PushHub;
class QWebSocketServer;

// Turns upgraded HTTP connections into WebSocket subscribers of the hub.
// Qt's QWebSocketServer does the handshake (handleConnection(), never
// listening itself); the subscription each socket was admitted with (who it
// is, decided by the Router for GET /ws) waits here until its handshake is
// done, keyed by the socket's peer address and port.
//
// Lives on the HTTP (main) thread.
class WebSocketGateway : public QObject
{
    Q_OBJECT
public:
    explicit WebSocketGateway(PushHub &hub, QObject *parent = nullptr);
    ~WebSocketGateway() override;

    // Takes ownership of socket, whose handshake request is still unread.
    void accept(QTcpSocket *socket, const PushSubscription &subscription, qint64 since);

private:
    struct Admitted
    {
        PushSubscription subscription;
        qint64 since = 0;
        QMetaObject::Connection onFailure;
        QPointer<QTcpSocket> socket; // the QWebSocket's, once the handshake is done
    };
    using PeerKey = QPair<QHostAddress, quint16>;

    void onNewConnection();

    PushHub &m_hub;
    QWebSocketServer *m_server;
    QHash<PeerKey, Admitted> m_admitted;
};
